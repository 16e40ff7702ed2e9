using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Incremental;

/// <summary>
/// The pipeline caches: a rerun does nothing, an edit that does not change the model regenerates nothing,
/// a real edit regenerates only its own file, and no step keeps Roslyn objects alive.
/// </summary>
public class IncrementalGeneratorTests
{
    private const string NetworkPath = "/models/network.netdsl";
    private const string InhibitoryPath = "/models/inhibitory.netdsl";

    private static readonly string Network = RepositoryPaths.TutorialModel("izhikevich_network.netdsl");
    private static readonly string Inhibitory = RepositoryPaths.TutorialModel("izhikevich_inhibitory_network.netdsl");

    private static readonly string[] TrackedSteps =
    {
        TrackingNames.Input, TrackingNames.Analyze, TrackingNames.Model, TrackingNames.Diagnostics, TrackingNames.Emit,
    };

    private static (GeneratorDriver Driver, Compilation Compilation, InMemoryAdditionalText[] Files) Start(params (string Path, string Text)[] files)
    {
        var texts = files.Select(f => new InMemoryAdditionalText(f.Path, f.Text)).ToArray();
        var compilation = GeneratorHarness.CreateCompilation();
        var driver = GeneratorHarness.CreateDriver(texts).RunGenerators(compilation);
        return (driver, compilation, texts);
    }

    /// <summary>Reasons of every output of a tracked step, for the file whose path (or model) is given.</summary>
    private static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    private static IncrementalStepRunReason[] SourceOutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    [Fact]
    public void FirstRun_IsNew_AndRerun_IsCachedEverywhere()
    {
        var (driver, compilation, _) = Start((NetworkPath, Network));
        var first = driver.GetRunResult().Results.Single();
        Assert.All(TrackedSteps, step => Assert.All(Reasons(first, step), r => Assert.Equal(IncrementalStepRunReason.New, r)));

        driver = driver.RunGenerators(compilation);
        var second = driver.GetRunResult().Results.Single();
        Assert.All(TrackedSteps, step => Assert.All(Reasons(second, step), r => Assert.Equal(IncrementalStepRunReason.Cached, r)));
        Assert.All(SourceOutputReasons(second), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void WhitespaceAndCommentEdit_ChangesTheText_ButRegeneratesNothing()
    {
        var (driver, compilation, files) = Start((NetworkPath, Network));
        // Extra spaces between tokens and a changed end-of-line comment: same statements, same positions.
        string edited = Network
            .Replace("conn IZHpop -> IZHpop p=0.1", "conn IZHpop -> IZHpop    p=0.1")
            .Replace("# every cell of type IZH", "# all IZH cells (edited comment)");
        Assert.NotEqual(Network, edited);
        driver = driver.ReplaceAdditionalText(files[0], new InMemoryAdditionalText(NetworkPath, edited)).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Input).Single());
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reasons(result, TrackingNames.Analyze).Single());
        Assert.Equal(IncrementalStepRunReason.Cached, Reasons(result, TrackingNames.Model).Single());
        Assert.Equal(IncrementalStepRunReason.Cached, Reasons(result, TrackingNames.Emit).Single());
        Assert.All(SourceOutputReasons(result), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void LinesInsertedAboveStatements_MoveThem_ButRegenerateNothing()
    {
        var (driver, compilation, files) = Start((NetworkPath, Network));
        // Every statement moves down by three lines: positions change, meaning does not.
        string edited = "\n# a comment line added on top\n\n" + Network;
        driver = driver.ReplaceAdditionalText(files[0], new InMemoryAdditionalText(NetworkPath, edited)).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Input).Single());
        Assert.Equal(IncrementalStepRunReason.Cached, Reasons(result, TrackingNames.Emit).Single());
        // The diagnostics output may re-run for the moved positions; nothing it or the source output produces changes.
        Assert.All(SourceOutputReasons(result), r => Assert.Contains(r, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    [Fact]
    public void EditThatOnlyMovesADiagnostic_DoesNotRegenerateSource()
    {
        // A warning (normal() takes a variance) whose position moves within its line: diagnostics change, the model does not.
        string withWarning = Network + "\ncell Other {\n  soma diam=10 L=10 cm=1\n  Izhi2007b k=normal(0.7, 0.05)\n}\n";
        string moved = withWarning.Replace("Izhi2007b k=normal", "Izhi2007b     k=normal");
        var (driver, compilation, files) = Start((NetworkPath, withWarning));
        driver = driver.ReplaceAdditionalText(files[0], new InMemoryAdditionalText(NetworkPath, moved)).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Diagnostics).Single());
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reasons(result, TrackingNames.Model).Single());
        Assert.Equal(IncrementalStepRunReason.Cached, Reasons(result, TrackingNames.Emit).Single());
        var warning = Assert.Single(result.Diagnostics);
        int line = moved.Replace("\r\n", "\n").Split('\n').ToList().FindLastIndex(l => l.Contains("k=normal"));
        Assert.Equal(("NDSL0205", line, 18), (warning.Id, warning.Location.GetLineSpan().StartLinePosition.Line, warning.Location.GetLineSpan().StartLinePosition.Character));
    }

    [Fact]
    public void RealEdit_IsModified_AndRegeneratesTheSource()
    {
        var (driver, compilation, files) = Start((NetworkPath, Network));
        string edited = Network.Replace("p=0.1", "p=0.5");
        driver = driver.ReplaceAdditionalText(files[0], new InMemoryAdditionalText(NetworkPath, edited)).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Analyze).Single());
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Model).Single());
        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Emit).Single());
        Assert.Contains("= 0.5;", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void EditingOneFile_LeavesTheOtherFilesOutputCached()
    {
        var (driver, compilation, files) = Start((NetworkPath, Network), (InhibitoryPath, Inhibitory));
        driver = driver.ReplaceAdditionalText(files[1], new InMemoryAdditionalText(InhibitoryPath, Inhibitory.Replace("e=-70mV", "e=-80mV"))).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        var emit = result.TrackedSteps[TrackingNames.Emit].SelectMany(s => s.Outputs).ToList();
        var network = emit.Single(o => ((GeneratedFile)o.Value).Path == NetworkPath);
        var inhibitory = emit.Single(o => ((GeneratedFile)o.Value).Path == InhibitoryPath);
        Assert.Equal(IncrementalStepRunReason.Cached, network.Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, inhibitory.Reason);
        Assert.Equal(2, result.GeneratedSources.Length);
    }

    [Fact]
    public void NoStepOutput_HoldsRoslynObjects()
    {
        var (driver, _, _) = Start((NetworkPath, Network), (InhibitoryPath, Inhibitory), ("/models/bad.netdsl", "conn A -> B p=2\npopp X"));
        var result = driver.GetRunResult().Results.Single();
        foreach (var step in result.TrackedSteps.Where(s => s.Key.StartsWith("NetDsl.", StringComparison.Ordinal)))
        {
            foreach (var output in step.Value.SelectMany(s => s.Outputs))
            {
                AssertNoRoslynObjects(output.Value, step.Key, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static readonly Type[] Banned =
    {
        typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel), typeof(AdditionalText),
        typeof(Location), typeof(Diagnostic),
    };

    private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value is decimal || value is Enum) return;
        var type = value.GetType();
        Assert.False(Banned.Any(b => b.IsAssignableFrom(type)), $"{path} holds a {type.FullName}");
        if (!type.IsValueType && !seen.Add(value)) return;
        if (value is IEnumerable sequence)
        {
            int index = 0;
            foreach (var item in sequence) AssertNoRoslynObjects(item, $"{path}[{index++}]", seen);
        }
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
        }
    }
}
