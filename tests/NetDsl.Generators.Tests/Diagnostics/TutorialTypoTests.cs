using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Diagnostics;

/// <summary>
/// Each typo of the original NetPyNE tutorial scripts, which NetPyNE turns into a crash deep in NEURON or
/// (for 'V') a silent empty recording, is a compile-time error at its line and column with the fix.
/// </summary>
public class TutorialTypoTests
{
    private static (string Path, System.Collections.Immutable.ImmutableArray<Diagnostic> Diagnostics) Compile(string model)
    {
        string path = Path.Combine(RepositoryPaths.TestProject, "Models", model);
        return (path, GeneratorHarness.Diagnostics(File.ReadAllText(path), path));
    }

    [Fact]
    public void GeometryLowercaseL_IsUnknownParameter_SuggestingL()
    {
        var (path, diagnostics) = Compile("typo_geometry_l.netdsl");
        string message = DiagnosticAssert.Single(diagnostics, "NDSL0107", 3, 16);
        Assert.StartsWith("'l' is not a parameter of the soma geometry. Did you mean 'L'?", message);
        Assert.Equal(path, diagnostics.Single(d => d.Id == "NDSL0107").Location.GetLineSpan().Path);
        Assert.Equal(DiagnosticSeverity.Error, diagnostics.Single(d => d.Id == "NDSL0107").Severity);
    }

    [Fact]
    public void MechanismIzh12007b_IsUnknownMechanism_SuggestingIzhi2007b()
    {
        var (_, diagnostics) = Compile("typo_mechanism.netdsl");
        string message = DiagnosticAssert.Single(diagnostics, "NDSL0106", 4, 3);
        Assert.Equal("Unknown cell mechanism 'Izh12007b'; supported: soma (geometry), Izhi2007b, hh, pas. Did you mean 'Izhi2007b'?", message);
    }

    [Fact]
    public void ParameterVn_IsUnknownParameter_SuggestingVr()
    {
        var (_, diagnostics) = Compile("typo_parameter_vn.netdsl");
        string message = DiagnosticAssert.Single(diagnostics, "NDSL0107", 4, 46);
        Assert.StartsWith("'vn' is not a parameter of Izhi2007b. Did you mean 'vr'?", message);
    }

    [Fact]
    public void RecordVariableUppercaseV_IsUnknownRecordVariable_SuggestingV()
    {
        var (_, diagnostics) = Compile("typo_record_variable.netdsl");
        string message = DiagnosticAssert.Single(diagnostics, "NDSL0108", 10, 16);
        Assert.Equal("Unknown record variable 'V'; record v, u, m, h, n or g(<synapse>). Did you mean 'v'?", message);
    }

    [Fact]
    public void UndefinedPopulationInRule_IsUnknownTarget_SuggestingTheDeclaredOne()
    {
        var (_, diagnostics) = Compile("typo_undefined_population.netdsl");
        string message = DiagnosticAssert.Single(diagnostics, "NDSL0101", 11, 17);
        Assert.Equal("'IZH_ihn' is not a population or cell type of this network. Did you mean 'IZH_inh'?", message);
    }

    [Fact]
    public void UndefinedSynapseInRule_IsUnknownSynapse_SuggestingTheDeclaredOne()
    {
        var (_, diagnostics) = Compile("typo_undefined_synapse.netdsl");
        string message = DiagnosticAssert.Single(diagnostics, "NDSL0102", 13, 47);
        Assert.Equal("Synapse 'inhb' is not declared. Did you mean 'inh'?", message);
    }

    [Fact]
    public void TypoFiles_GenerateNoCode()
    {
        foreach (var model in Directory.GetFiles(Path.Combine(RepositoryPaths.TestProject, "Models"), "typo_*.netdsl"))
        {
            var (result, _) = GeneratorHarness.Run((model, File.ReadAllText(model)));
            Assert.Empty(result.GeneratedTrees);
        }
    }
}
