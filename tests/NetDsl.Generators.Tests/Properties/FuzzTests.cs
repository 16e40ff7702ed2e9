using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using NetDsl.Generators.Emit;
using NetDsl.Generators.Tests.Compile;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Properties;

/// <summary>
/// Issue 17's fuzz test: 10,000 mutations of the example models (CsCheck, which shrinks a failing case to its
/// fewest and smallest edits) go through what <c>netdsl check</c> runs: the generator's analysis and emit. None may
/// throw or report an internal error, every diagnostic lies inside its file with line and column matching its
/// offset, and every file that checks clean generates C# that compiles without an error.
/// </summary>
/// <remarks>
/// Compiling 10,000 generated files one compilation each would take many minutes. Many mutations generate the same
/// code (an edit inside a comment or between statements), so the generated files are deduplicated and
/// the distinct ones compiled together, <see cref="FilesPerCompilation"/> syntax trees per compilation, each in its
/// own namespace: the binding work is the same, the fixed cost of a compilation is paid once per batch. At most
/// <see cref="MaxCompiled"/> distinct files are compiled (a deterministic spread over all of them), which keeps the
/// test within about a minute on two cores: a generated file is some 700 lines, and Roslyn binds a few thousand
/// lines a second on one core. A file whose code does not compile is shrunk by dropping edits one by one while it
/// still fails, and reported with its text.
/// </remarks>
public class FuzzTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Cases = 10_000;
    private const int FilesPerCompilation = 120;
    private const int MaxCompiled = 240;
    private const string Seed = "0000000000000";

    /// <summary>The example models and the test models that use the rest of the language.</summary>
    private static readonly Lazy<string[]> Models = new(() =>
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "examples"), "*.netdsl", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToList();
        files.Add(GeneratedCodeCompilesTests.EveryFeature);
        foreach (string model in Directory.GetFiles(Path.Combine(RepositoryPaths.TestProject, "Models"), "*.netdsl").Order(StringComparer.Ordinal))
        {
            // The typo_* models are one error each; the others use what the examples do not (plasticity, spike sources, space).
            if (!Path.GetFileName(model).StartsWith("typo_", StringComparison.Ordinal)) files.Add(File.ReadAllText(model));
        }
        return [.. files];
    });

    /// <summary>Tokens the mutations insert: the language's keywords, units, numbers at the edges of their ranges, odd characters.</summary>
    private static readonly string[] Tokens =
    {
        "=", "->", "{", "}", "(", ")", "[", "]", ",", ";", ":", "#", "\n", " ", "\t", ".", "e", "-", "+", "*", "/", "**",
        "0", "1", "-1", "2.5", "1e9", "1e308", "1e-300", "1e999", "99999999999", "0x10", "１", "µm", "um", "mV", "ms", "nA", "pA", "uS", "Hz", "kHz", "uF/cm2",
        "normal(", "uniform(", "lognormal(", "variance=", "sd=", "x", "all", "of", "self", "within=", "sampling=fast", "g(",
        "network", "cell", "pop", "syn", "stim", "conn", "sim", "record", "plot", "soma", "Izhi2007b", "hh", "pas", "Exp2Syn",
        "ExpSyn", "NetStim", "IClamp", "VecStim", "times=[", "list=[(0,1)]", "include=[(E, 2), 0]", "conv=", "div=", "p=", "w=", "d=",
        "class", "int", "Population_E", "Cell_C", "Parameters", "ToDefinition", "ModelParameters", "_", "é", "Е", "\u2212", "\u200b",
        "dist_3D", "post_ynorm", "ynorm", "exp(", "min(", "sqrt(", "celltype=RTN", "threshold=", "duration=", "dt=", "recordStep=",
        new string('a', 300), "stdp", "plasticity", "if(", "?",
    };

    /// <summary>One edit of a file: where (a fraction of its length), what kind, and the token, length or character it uses.</summary>
    public sealed record Mutation(int Kind, double At, int Token, int Length, int Char)
    {
        public override string ToString() => Kind switch
        {
            0 => $"insert {Quote(Tokens[Token])} at {At:0.###}",
            1 => $"delete {Length} chars at {At:0.###}",
            2 => $"replace the char at {At:0.###} by {Quote(((char)Char).ToString())}",
            3 => $"duplicate the line at {At:0.###}",
            4 => $"delete the line at {At:0.###}",
            _ => $"swap the line at {At:0.###} with the next",
        };
    }

    /// <summary>A model and the edits made to it.</summary>
    public sealed record FuzzCase(int Model, Mutation[] Mutations)
    {
        public string Text => Apply(Models.Value[Model], Mutations);

        public override string ToString() => $"model #{Model}, {Mutations.Length} edits: {string.Join("; ", Mutations.Select(m => m.ToString()))}";
    }

    private static readonly Gen<Mutation> MutationGen =
        Gen.Select(Gen.Int[0, 5], Gen.Double[0, 1], Gen.Int[0, Tokens.Length - 1], Gen.Int[1, 12], Gen.Int[32, 126],
            (kind, at, token, length, ch) => new Mutation(kind, at, token, length, ch));

    private static readonly Gen<FuzzCase> CaseGen =
        Gen.Select(Gen.Int[0, 10_000], MutationGen.Array[1, 6], (model, mutations) => new FuzzCase(model % Models.Value.Length, mutations));

    internal static string Apply(string text, IReadOnlyList<Mutation> mutations)
    {
        var sb = new StringBuilder(text);
        foreach (var m in mutations)
        {
            int at = Math.Min(sb.Length, (int)(m.At * sb.Length));
            switch (m.Kind)
            {
                case 0:
                    sb.Insert(at, Tokens[m.Token]);
                    break;
                case 1:
                    if (at < sb.Length) sb.Remove(at, Math.Min(m.Length, sb.Length - at));
                    break;
                case 2:
                    if (at < sb.Length) sb[at] = (char)m.Char;
                    break;
                default:
                    var lines = sb.ToString().Split('\n').ToList();
                    int line = Math.Min(lines.Count - 1, (int)(m.At * lines.Count));
                    if (m.Kind == 3) lines.Insert(line, lines[line]);
                    else if (m.Kind == 4 && lines.Count > 1) lines.RemoveAt(line);
                    else if (m.Kind == 5 && line + 1 < lines.Count) (lines[line], lines[line + 1]) = (lines[line + 1], lines[line]);
                    sb.Clear().Append(string.Join("\n", lines));
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// Inputs the fuzzer found that the generator does not yet handle: each is checked to still fail the way noted, so
    /// the test stays meaningful for everything else and says when one is fixed. Empty: none known.
    /// </summary>
    private static readonly (string Text, string Problem)[] KnownGeneratorBugs = [];

    private const string Path0 = "/fuzz/model.netdsl";

    /// <summary>What check reports for a file, and the generated code of a file that checks clean.</summary>
    private static string? CheckAndGenerate(string text, string @namespace)
    {
        var result = NetDslCompiler.Analyze(Path0, text, @namespace, CancellationToken.None);
        var lines = SourceText.From(text).Lines;
        foreach (var d in result.Diagnostics)
        {
            string where = $"{d.Id} {d.Message} at {d.Start}+{d.Length}";
            if (d.Id == "NDSL9000") throw new InvalidOperationException("internal error: " + where);
            if (d.Start < 0 || d.Length < 0 || d.Start + d.Length > text.Length) throw new InvalidOperationException("diagnostic outside the file: " + where);
            var position = lines.GetLinePosition(d.Start);
            if (position.Line != d.StartLine || position.Character != d.StartColumn)
                throw new InvalidOperationException($"diagnostic at ({d.StartLine},{d.StartColumn}) but its offset is at {position}: {where}");
            if (string.IsNullOrWhiteSpace(d.Message)) throw new InvalidOperationException("empty message: " + d.Id);
        }
        if (result.Spec is null)
        {
            if (!result.Diagnostics.Any(d => d.IsError)) throw new InvalidOperationException("no model and no error");
            return null;
        }
        // The generator catches what Emit throws and reports NDSL9000; here it is a failure of the property.
        return NetworkEmitter.Emit(result.Spec);
    }

    [Fact]
    public void TenThousandMutatedExampleModels_CheckWithoutInternalErrors_AndWhatChecksCleanCompiles()
    {
        var known = KnownGeneratorBugs.Select(k => k.Text).ToHashSet(StringComparer.Ordinal);
        var generated = new ConcurrentDictionary<string, FuzzCase>(StringComparer.Ordinal);
        int clean = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // 1. The generator's properties, on every case; CsCheck shrinks a failure to its smallest case.
        CaseGen.Sample(fuzzCase =>
        {
            string text = fuzzCase.Text;
            if (known.Contains(text)) return;
            string? source = CheckAndGenerate(text, "NetDslFuzz");
            if (source is null) return;
            Interlocked.Increment(ref clean);
            generated.TryAdd(source, fuzzCase);
        }, iter: Cases, seed: Seed);

        output.WriteLine($"stage 1: {clean} of {Cases} clean, {generated.Count} distinct generated files, {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(clean > Cases / 20, $"only {clean} of {Cases} mutated files checked clean; the compile half would test little");

        // 2. The generated code of the clean files compiles: distinct files, in batches, each in its own namespace.
        var distinct = generated.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();
        int stride = Math.Max(1, (distinct.Count + MaxCompiled - 1) / MaxCompiled);
        var sample = distinct.Where((_, i) => i % stride == 0).ToList();
        var failures = new List<string>();
        foreach (var batch in sample.Chunk(FilesPerCompilation))
        {
            var trees = batch.Select((c, i) => CSharpSyntaxTree.ParseText(CheckAndGenerate(c.Text, "NetDslFuzz.Case" + i)!, GeneratorHarness.ParseOptions, path: "case" + i + ".g.cs")).ToArray();
            var errors = Errors(GeneratorHarness.CreateCompilation().AddSyntaxTrees(trees));
            foreach (var tree in errors.Select(e => e.Location.SourceTree).Distinct())
            {
                int index = Array.IndexOf(trees, tree);
                if (index < 0) continue;
                var smallest = Shrink(batch[index]);
                failures.Add($"{smallest}\n--- input ---\n{smallest.Text}\n--- C# errors ---\n{string.Join("\n", CompileAlone(smallest.Text).Take(5))}");
            }
        }
        output.WriteLine($"stage 2: {sample.Count} compiled, {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(failures.Count == 0, $"{failures.Count} clean files generate C# that does not compile:\n\n" + string.Join("\n\n", failures.Take(5)));
        Assert.True(sample.Count > 50, $"only {sample.Count} distinct generated files were compiled");
    }

    [Fact]
    public void KnownGeneratorBugs_StillFailAsNoted()
    {
        foreach (var (text, problem) in KnownGeneratorBugs)
        {
            string actual = Describe(text);
            Assert.True(actual.Contains(problem, StringComparison.Ordinal), $"fixed or changed ({actual}); remove it from KnownGeneratorBugs:\n{text}");
        }
    }

    /// <summary>What goes wrong with a file: the property's failure, a C# error, or "ok".</summary>
    private static string Describe(string text)
    {
        try
        {
            return CheckAndGenerate(text, "NetDslFuzz") is null ? "ok" : CompileAlone(text).FirstOrDefault() ?? "ok";
        }
        catch (Exception e)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    private static IReadOnlyList<string> CompileAlone(string text)
    {
        string? source = CheckAndGenerate(text, "NetDslFuzz");
        if (source is null) return [];
        return Errors(GeneratorHarness.CreateCompilation(source)).Select(e => e.ToString()).ToList();
    }

    private static List<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    /// <summary>Drops edits, then shortens them, while the generated code still fails to compile.</summary>
    private static FuzzCase Shrink(FuzzCase failing)
    {
        bool Fails(FuzzCase c)
        {
            try
            {
                return CompileAlone(c.Text).Count > 0;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
        var current = failing;
        for (int i = current.Mutations.Length - 1; i >= 0; i--)
        {
            var fewer = current with { Mutations = current.Mutations.Where((_, j) => j != i).ToArray() };
            if (fewer.Mutations.Length > 0 && Fails(fewer)) current = fewer;
        }
        return current;
    }

    private static string Quote(string token) => "\"" + token.Replace("\n", "\\n").Replace("\t", "\\t") + "\"";
}
