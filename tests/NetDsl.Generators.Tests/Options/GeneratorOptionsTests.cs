using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NetDsl.Generators.Tests.Harness;

namespace NetDsl.Generators.Tests.Options;

/// <summary>MSBuild options reach the generator; cancellation is honoured rather than turned into a diagnostic.</summary>
public class GeneratorOptionsTests
{
    private static readonly string Model = RepositoryPaths.TutorialModel("izhikevich_network.netdsl");

    private static string GeneratedNamespaceOf(TestOptionsProvider options)
    {
        var file = new InMemoryAdditionalText("/models/network.netdsl", Model);
        var driver = GeneratorHarness.CreateDriver(new[] { file }, options).RunGenerators(GeneratorHarness.CreateCompilation());
        return driver.GetRunResult().Results.Single().GeneratedSources.Single().HintName;
    }

    [Fact]
    public void Namespace_ComesFromItemMetadata_ThenNetDslNamespace_ThenRootNamespace()
    {
        var global = new Dictionary<string, string> { ["build_property.RootNamespace"] = "Root", ["build_property.NetDslNamespace"] = "Project.Models" };
        var perFile = new Dictionary<string, IDictionary<string, string>>
        {
            ["/models/network.netdsl"] = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.NetDslNamespace"] = "PerFile.Models" },
        };
        Assert.Equal("PerFile.Models.IzhikevichNetwork.g.cs", GeneratedNamespaceOf(new TestOptionsProvider(global, perFile)));
        Assert.Equal("Project.Models.IzhikevichNetwork.g.cs", GeneratedNamespaceOf(new TestOptionsProvider(global)));
        Assert.Equal("Root.IzhikevichNetwork.g.cs", GeneratedNamespaceOf(new TestOptionsProvider(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Root" })));
        Assert.Equal("IzhikevichNetwork.g.cs", GeneratedNamespaceOf(new TestOptionsProvider(new Dictionary<string, string>())));
    }

    [Fact]
    public void WithoutANamespace_TheClassIsInTheGlobalNamespace_AndCompiles()
    {
        var file = new InMemoryAdditionalText("/models/network.netdsl", Model);
        var driver = GeneratorHarness.CreateDriver(new[] { file }, new TestOptionsProvider(new Dictionary<string, string>()));
        driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.CreateCompilation(), out var output, out _);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.NotNull(output.GetTypeByMetadataName("IzhikevichNetwork"));
    }

    [Fact]
    public void OnlyNetdslFiles_AreModels()
    {
        var (result, _) = GeneratorHarness.Run(("/models/readme.txt", "not a model"), ("/models/NETWORK.NetDsl", Model));
        Assert.Single(result.GeneratedTrees);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Cancellation_IsThrown_NotReportedAsAnInternalError()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<System.OperationCanceledException>(() => NetDslCompiler.Analyze("/m.netdsl", Model, "M", cancelled.Token));
    }
}
