using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Compile;

/// <summary>
/// Code a user writes against a generated class (the README's snippet, the typed API with its enums and the
/// runtime's result and population types) compiles with the generated code and the runtime helpers, and runs.
/// </summary>
public class UserCodeTests
{
    private const string InhibitoryPath = "/tutorial/izhikevich_inhibitory_network.netdsl";

    /// <summary>Generates the model, compiles <paramref name="userCode"/> with it and returns the loaded assembly.</summary>
    private static Assembly CompileWithUserCode(string userCode)
    {
        var compilation = GeneratorHarness.CreateCompilation(userCode);
        var driver = GeneratorHarness.CreateDriver(new[] { new InMemoryAdditionalText(InhibitoryPath, RepositoryPaths.TutorialModel("izhikevich_inhibitory_network.netdsl")) });
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.True(generatorDiagnostics.IsEmpty, DiagnosticAssert.Describe(generatorDiagnostics));
        var diagnostics = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(diagnostics.Length == 0, DiagnosticAssert.Describe(diagnostics));
        return GeneratedCodeCompilesTests.Load(output);
    }

    private static object? Invoke(Assembly assembly, string method) =>
        assembly.GetType("UserCode")!.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null);

    [Fact]
    public void TheReadmeSnippet_CompilesAgainstTheGeneratedClass()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        int section = readme.IndexOf("## Use it in your own project", StringComparison.Ordinal);
        Assert.True(section >= 0, "README section 'Use it in your own project' not found");
        var block = Regex.Match(readme[section..], "```csharp\\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "no C# block in the README section");
        string code = $$"""
            using NetDsl.Tests.Models;
            public static class UserCode
            {
                public static void Readme()
                {
            {{block.Groups[1].Value}}
                    _ = (spikes, rate);
                }
            }
            """;
        CompileWithUserCode(code);
    }

    [Fact]
    public void TheTypedApi_WithEnumsAndRuntimeTypes_CompilesAndRuns()
    {
        const string code = """
            using NetDsl;
            using NetDsl.Definition;
            using NetDsl.Models;
            using NetDsl.Tests.Models;

            public static class UserCode
            {
                public static string Run()
                {
                    var model = new IzhikevichInhibitory();
                    IzhikevichInhibitory.ModelParameters p = model.Parameters;
                    p.Conns.IZH_exc_to_IZH_inh.p = 0.5;
                    p.Cells.IZH.celltype = 5;
                    p.Sim.duration = 50;
                    p.Sim.precision = SimulationPrecision.Exact;
                    p.Sim.synapses = SynapseStorage.Aggregated;
                    p.Sim.seeds.conn = 2;
                    p.Set("syn.inh.e", -80);
                    p.Set("sim.precision", "exact");
                    NetworkParameters asBase = p;
                    IModelParameters byPath = asBase;
                    Population inh = model.Populations.IZH_inh;
                    IzhikevichInhibitory.Result result = model.Run();
                    NetworkResult<IzhikevichInhibitory.PopulationResults> general = result;
                    PopulationResult exc = result.Populations.IZH_exc;
                    PopulationResult? found = general.Populations.Find("IZH_inh");
                    return string.Join(";", inh.FirstGid, inh.Count, exc.Cells.Count, found!.Cells.FirstGid, result.Raw.SimulatedTime,
                        result.Raw.Definition.Simulation.AggregateSynapses, byPath.Get("cell.IZH.celltype"), result.Populations.All.Count);
                }
            }
            """;
        var assembly = CompileWithUserCode(code);
        Assert.Equal("20;10;20;20;50;True;5;2", Invoke(assembly, "Run"));
    }
}
