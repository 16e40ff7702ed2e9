using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NetDsl.Generators.Tests.Compile;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Properties;

/// <summary>
/// Thousands of random and mutated files: the generator never fails internally, and every diagnostic
/// points inside the file, with line and column matching its offset.
/// </summary>
public class RobustnessPropertyTests
{
    private static readonly string[] Seeds =
    {
        RepositoryPaths.TutorialModel("single_izhikevich.netdsl"),
        RepositoryPaths.TutorialModel("izhikevich_network.netdsl"),
        RepositoryPaths.TutorialModel("izhikevich_inhibitory_network.netdsl"),
        GeneratedCodeCompilesTests.EveryFeature,
        RepositoryPaths.TestModel("tutorial2.netdsl"),
    };

    private static readonly string[] Tokens =
    {
        "=", "->", "-", ">", "{", "}", "(", ")", "[", "]", ",", ";", ":", "#", "//", "\"", "\n", "\r\n", "\r", " ", "\t",
        ".", "e", "1e999", "-1e-999", "0", "1", "-5", "2.5", "1e9", "99999999999", "µ", "µm", "mV", "ms", "uF/cm2", "kHz", "pA",
        "normal(", "uniform(", "variance=", "sd=", "x", "all", "of", "g(", "seeds(", "network", "cell", "pop", "syn",
        "stim", "conn", "sim", "record", "plot", "soma", "Izhi2007b", "Exp2Syn", "NetStim", "IClamp", "VecStim", "IZH",
        "E", "I", "exc", "celltype=RTN", "p=", "list=[(0,1)]", "include=[(E, 2), 0]", "times=[", "self", "class", "é", "\u2212",
        "hh", "pas", "ExpSyn", "gnabar=", "+", "*", "**", "/", "ynorm", "x", "dist_3D", "exp(", "min(", "sqrt(", "lognormal(", "um",
        "S/cm2", "ohm*cm", "degC", "celsius=", "record m: m", "(19um + uniform(-0.5um, 0.5um))", "0.12+0.001*ynorm", "2**-1", "-(",
    };

    private static string Mutate(string text, System.Random random)
    {
        var sb = new StringBuilder(text);
        int edits = random.Next(1, 6);
        for (int e = 0; e < edits; e++)
        {
            int at = sb.Length == 0 ? 0 : random.Next(sb.Length + 1);
            switch (random.Next(5))
            {
                case 0:
                    sb.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 1:
                    if (sb.Length > 0) sb.Remove(Math.Min(at, sb.Length - 1), Math.Min(random.Next(1, 12), sb.Length - Math.Min(at, sb.Length - 1)));
                    break;
                case 2:
                    if (at < sb.Length) sb[at] = (char)random.Next(32, 127);
                    break;
                case 3:
                    var lines = sb.ToString().Split('\n').ToList();
                    int line = random.Next(lines.Count);
                    lines.Insert(random.Next(lines.Count + 1), lines[line]);
                    sb.Clear().Append(string.Join("\n", lines));
                    break;
                default:
                    var all = sb.ToString().Split('\n').ToList();
                    if (all.Count > 1) all.RemoveAt(random.Next(all.Count));
                    sb.Clear().Append(string.Join("\n", all));
                    break;
            }
        }
        return sb.ToString();
    }

    private static string RandomText(System.Random random)
    {
        var sb = new StringBuilder();
        int count = random.Next(0, 60);
        for (int i = 0; i < count; i++)
        {
            sb.Append(Tokens[random.Next(Tokens.Length)]);
            if (random.Next(3) == 0) sb.Append(' ');
        }
        return sb.ToString();
    }

    private static IEnumerable<string> Inputs(int seed, int count)
    {
        var random = new System.Random(seed);
        for (int i = 0; i < count; i++)
        {
            yield return i % 4 == 3 ? RandomText(random) : Mutate(Seeds[random.Next(Seeds.Length)], random);
        }
    }

    [Fact]
    public void ThousandsOfMutatedFiles_AnalyzeWithoutInternalErrors_AndWithValidLocations()
    {
        int index = 0;
        foreach (var text in Inputs(seed: 20261125, count: 3000))
        {
            var result = NetDslCompiler.Analyze("/fuzz/model.netdsl", text, "Fuzz", default);
            var lines = SourceText.From(text).Lines;
            foreach (var d in result.Diagnostics)
            {
                string context = $"input #{index}: {d.Id} {d.Message}\n---\n{text}\n---";
                Assert.True(d.Id != "NDSL9000", context);
                Assert.True(d.Start >= 0 && d.Length >= 0 && d.Start + d.Length <= text.Length, context);
                var position = lines.GetLinePosition(d.Start);
                Assert.True(position.Line == d.StartLine && position.Character == d.StartColumn, context + $" at {position}");
                Assert.False(string.IsNullOrWhiteSpace(d.Message), context);
            }
            Assert.True(result.Spec is not null || result.Diagnostics.Any(d => d.IsError), $"input #{index}: no model and no error\n{text}");
            index++;
        }
    }

    [Fact]
    public void MutatedFiles_ThroughTheGenerator_ReportOnlyInsideTheirFile_AndValidModelsCompile()
    {
        int compiled = 0;
        foreach (var text in Inputs(seed: 7, count: 40))
        {
            const string path = "/fuzz/through-driver.netdsl";
            var (result, output) = GeneratorHarness.Run((path, text));
            Assert.Empty(result.Results.Single().Exception is null ? Array.Empty<Exception>() : new[] { result.Results.Single().Exception! });
            foreach (var d in result.Diagnostics)
            {
                Assert.NotEqual("NDSL9000", d.Id);
                Assert.Equal(path, d.Location.GetLineSpan().Path);
                Assert.True(d.Location.SourceSpan.End <= text.Length, d.ToString());
            }
            if (result.GeneratedTrees.Length == 1)
            {
                // What the generator accepts must compile.
                var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                Assert.True(errors.Count == 0, DiagnosticAssert.Describe(errors) + "\n---\n" + text);
                compiled++;
            }
        }
        Assert.True(compiled > 0, "no mutated file was valid; the test would not check compilation");
    }
}
