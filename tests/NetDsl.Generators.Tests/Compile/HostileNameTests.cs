using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Compile;

/// <summary>
/// Issue 17 F3–F5: every name a user may write becomes C# that compiles without a single diagnostic — C# keywords,
/// names that equal generated classes or members (<c>Population_E</c> next to <c>E</c>), members inherited from
/// object, and names too long for metadata — and the model still builds its definition with the names of the file.
/// </summary>
public class HostileNameTests
{
    /// <summary>H of the issue, with a stimulus so no population is left without input (no NDSL0208).</summary>
    private const string H = """
        cell C { Izhi2007b }
        pop E: C x 2
        syn s: Exp2Syn
        stim bkg: NetStim rate=10
        stim bkg -> all

        """;

    private static Assembly CompileClean(string path, string text)
    {
        var output = GeneratedCodeCompilesTests.CompileModels((path, text));
        var diagnostics = output.GetDiagnostics();
        Assert.True(diagnostics.IsEmpty, DiagnosticAssert.Describe(diagnostics));
        return GeneratedCodeCompilesTests.Load(output);
    }

    private static INetworkModel Create(Assembly assembly) =>
        (INetworkModel)Activator.CreateInstance(assembly.GetTypes().Single(t => typeof(INetworkModel).IsAssignableFrom(t)))!;

    [Theory]
    [InlineData("f3_keyword_label", "conn class: E -> E p=0.5")]
    [InlineData("f3_keyword_labels", "conn int: E -> E p=0.5\nconn @static: E -> E p=0.5\nstim bkg -> E w=0.01")]
    [InlineData("f4_population_prefix", "pop Population_E: C x 2\nconn E -> all p=0.5")]
    [InlineData("f4_cell_prefix", "cell Cell_C { Izhi2007b }\npop F: Cell_C x 1")]
    [InlineData("f4_synapse_prefix", "syn Synapse_s: Exp2Syn\nsyn Synapse_x: ExpSyn\nconn E -> E p=0.5 syn=Synapse_x")]
    [InlineData("f4_stim_prefix", "stim b: NetStim rate=5\nstim Stim_b: NetStim rate=5\nstim b -> E\nstim Stim_b -> E")]
    [InlineData("f4_connection_prefix", "conn L: E -> E p=0.5\nconn Connection_L: E -> E p=0.5")]
    [InlineData("f4_stim_target_prefix", "conn StimTarget_bkg_to_all: E -> E p=0.5\nstim bkg -> E\nstim bkg -> E")]
    [InlineData("f4_runtime_types", "pop ParameterGuard: C x 2\npop ValueLimits: C x 1\npop Choices: C x 1\npop NetworkParameters: C x 1\npop global: C x 1\npop System: C x 1\npop NetDsl: C x 1")]
    [InlineData("f4_generated_members", "pop parameters: C x 1\npop pops: C x 1\npop p: C x 1\npop include0: C x 1\npop CellCount: C x 1\npop Find: C x 1\npop All_: C x 1\npop All: C x 1\nplot traces include=[(All, 0), (parameters, 0), p]")]
    [InlineData("f4_object_members", "pop ToString: C x 1\npop Equals: C x 1\npop GetHashCode: C x 1\npop GetType: C x 1\npop ToString_: C x 1\ncell MemberwiseClone { Izhi2007b }\npop F: MemberwiseClone x 1\nconn Equals: E -> E p=0.5")]
    [InlineData("f4_group_classes", "pop CellGroup: C x 1\ncell PopulationGroup { Izhi2007b }\npop F: PopulationGroup x 1\nsyn StimGroup: Exp2Syn\nconn ConnectionGroup: E -> E p=0.5\nconn StimTargetGroup: E -> E p=0.5")]
    [InlineData("f4_contextual_keywords", "pop var: C x 1\npop value: C x 1\npop record: C x 1\npop nameof: C x 1\npop dynamic: C x 1\npop async: C x 1\npop await: C x 1\nconn field: E -> E p=0.5")]
    public void NameThatCollidesWithCSharp_CompilesWithZeroDiagnostics(string file, string statements)
    {
        var model = Create(CompileClean($"/models/{file}.netdsl", H + statements.Replace("@", "")));
        var definition = model.ToDefinition();
        Assert.NotEmpty(definition.Populations);
    }

    [Fact]
    public void F4_PopulationNamedLikeTheClassOfAnother_KeepsBothPopulations()
    {
        var model = Create(CompileClean("/models/f4.netdsl", H + "pop Population_E: C x 3\nconn E -> all p=0.5"));
        Assert.Equal(new[] { ("E", 2), ("Population_E", 3) }, model.ToDefinition().Populations.Select(p => (p.Name, p.Count)));
        model.Parameters.Set("pop.Population_E.n", 5);
        model.Parameters.Set("pop.E.n", 1);
        Assert.Equal(new[] { ("E", 1), ("Population_E", 5) }, model.ToDefinition().Populations.Select(p => (p.Name, p.Count)));
    }

    [Fact]
    public void F5_NameOf1010Characters_CompilesAndKeepsItsName()
    {
        string name = new('P', 1010);
        string label = "L" + new string('x', 1009);
        var model = Create(CompileClean("/models/f5.netdsl", H + $"pop {name}: C x 3\nconn {label}: E -> {name} p=0.5\nconn {name} -> [E, {name}] p=0.1"));
        var definition = model.ToDefinition();
        Assert.Equal(new[] { ("E", 2), (name, 3) }, definition.Populations.Select(p => (p.Name, p.Count)));
        model.Parameters.Set($"pop.{name}.n", 4);
        Assert.Equal(4, model.ToDefinition().Populations[1].Count);
        Assert.Contains($"conn.{label}.p", model.Parameters.Paths);
    }

    [Fact]
    public void F5_LongNonAsciiNames_Compile()
    {
        string pop = string.Concat(Enumerable.Repeat("中文", 400));
        string cell = "Ж" + new string('é', 600);
        CompileClean("/models/f5_unicode.netdsl", H + $"cell {cell} {{ Izhi2007b }}\npop {pop}: {cell} x 2\nconn {pop}: {pop} -> E p=0.5");
    }

    [Fact]
    public void F5_LongNetworkName_Compiles()
    {
        string name = "N" + new string('n', 1100);
        var model = Create(CompileClean("/models/f5_network.netdsl", $"network {name}\n" + H));
        Assert.NotEmpty(model.Name);
    }

    [Theory]
    [InlineData("mynet")]
    [InlineData("é")]
    [InlineData("_")]
    public void LowerCaseNetworkName_Compiles(string name)
    {
        var model = Create(CompileClean("/models/lower.netdsl", $"network {name}\n" + H));
        Assert.Equal(name, model.Name);
    }

    /// <summary>Names a user may write that C# or the generated code gives a meaning to.</summary>
    private static readonly string[] Awkward =
    {
        "class", "int", "static", "string", "object", "namespace", "var", "value", "record", "global", "nameof", "dynamic",
        "Cell_", "Population_", "Synapse_", "Stim_", "StimTarget_", "Connection_", "CellGroup", "PopulationGroup", "SynapseGroup",
        "StimGroup", "StimTargetGroup", "ConnectionGroup", "ParameterGuard", "ModelParameters", "Result", "PopulationResults",
        "PopulationHandles", "All", "Find", "CellCount", "parameters", "p", "pops", "include0", "Equals", "ToString", "GetType",
        "GetHashCode", "NetworkName", "Name", "Parameters", "Populations", "Build", "Run", "ToDefinition", "Sim", "Paths", "Get",
        "Set", "AddNumber", "AddAlias", "Cells", "Pops", "Syns", "Stims", "Conns", "StimTargets", "System", "NetDsl", "n", "times",
        "_", "__", "é", "Ж", "中", "A1", "_to_",
    };

    private static string RandomName(System.Random random, HashSet<string> used)
    {
        while (true)
        {
            var sb = new StringBuilder();
            int parts = random.Next(1, 4);
            for (int i = 0; i < parts; i++)
            {
                sb.Append(random.Next(4) switch
                {
                    0 => Awkward[random.Next(Awkward.Length)],
                    1 => new string((char)('a' + random.Next(26)), random.Next(1, 3)),
                    2 => random.Next(10) == 0 ? new string('q', random.Next(300, 1100)) : "X",
                    _ => (i == 0 ? "" : random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture)) + "_",
                });
            }
            string name = sb.ToString();
            if (char.IsDigit(name[0])) name = "d" + name;
            // Words of the grammar itself (a target 'all', the 'x' of a population) are not names here.
            if (name is "all" or "x" or "of" or "self" or "p" || !used.Add(name)) continue;
            return name;
        }
    }

    [Fact]
    public void RandomLegalNames_AlwaysCompileWithZeroDiagnostics()
    {
        var random = new System.Random(17);
        var models = new List<(string Path, string Text)>();
        for (int i = 0; i < 40; i++)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            string N() => RandomName(random, used);
            string c1 = N(), c2 = N(), p1 = N(), p2 = N(), p3 = N(), s1 = N(), s2 = N(), b1 = N(), b2 = N(), l1 = N(), r1 = N();
            models.Add(($"/random/model{i}.netdsl", $"""
                network RandomNames{i}
                cell {c1} {"{"} Izhi2007b {"}"}
                cell {c2} {"{"} Izhi2007b C=1 {"}"}
                pop {p1}: {c1} x 2
                pop {p2}: {c2} x 3
                pop {p3}: {c1} x 1
                syn {s1}: Exp2Syn
                syn {s2}: ExpSyn tau=2
                stim {b1}: NetStim rate=10
                stim {b2}: VecStim times=[1, 2]
                stim {b1} -> {p1}
                stim {b1} -> [{p2}, {p3}] syn={s2}
                stim {b2} -> {c2}
                conn {l1}: {p1} -> {p2} p=0.5 syn={s1}
                conn {p2} -> {p1} p=0.5
                conn {p2} -> {p1} p=0.2
                conn [{p1}, {p3}] -> {c2} p=0.2
                record {r1}: v of {p1}
                plot traces include=[({p1}, 0), {p2}, ({p3}, 0)]
                """));
        }
        var (result, output) = GeneratorHarness.Run(models.ToArray());
        Assert.True(result.Diagnostics.IsEmpty, DiagnosticAssert.Describe(result.Diagnostics));
        Assert.Equal(models.Count, result.GeneratedTrees.Length);
        var diagnostics = output.GetDiagnostics();
        Assert.True(diagnostics.IsEmpty, DiagnosticAssert.Describe(diagnostics.Take(20)) + "\n" + string.Join("\n---\n", models.Select(m => m.Text)));
        var assembly = GeneratedCodeCompilesTests.Load(output);
        foreach (var type in assembly.GetTypes().Where(t => typeof(INetworkModel).IsAssignableFrom(t)))
        {
            var definition = ((INetworkModel)Activator.CreateInstance(type)!).ToDefinition();
            Assert.Equal(3, definition.Populations.Count);
        }
    }
}
