using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using NetDsl.Generators;

namespace NetDsl.Cli;

/// <summary>The outcome of compiling one <c>.netdsl</c> file: diagnostics and, without errors, the loaded model type.</summary>
public sealed class CompilationOutcome : IDisposable
{
    private readonly AssemblyLoadContext? _loadContext;

    internal CompilationOutcome(string file, IReadOnlyList<Diagnostic> diagnostics, Type? modelType, AssemblyLoadContext? loadContext)
    {
        File = file;
        Diagnostics = diagnostics;
        ModelType = modelType;
        _loadContext = loadContext;
    }

    public string File { get; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Why no model came out although there were no errors (e.g. the generator emitted no model class).</summary>
    public string? Problem { get; init; }
    public Type? ModelType { get; }
    public bool HasErrors
    {
        get
        {
            foreach (var diagnostic in Diagnostics)
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error) return true;
            }
            return false;
        }
    }

    /// <summary>A fresh instance of the generated model (its public parameterless constructor).</summary>
    public INetworkModel CreateModel()
    {
        if (ModelType is null) throw new InvalidOperationException("The file did not compile to a model.");
        return (INetworkModel)Activator.CreateInstance(ModelType)!;
    }

    public void Dispose() => _loadContext?.Unload();
}

/// <summary>
/// Compiles a <c>.netdsl</c> file in process with the same source generator a project build uses (Roslyn's
/// generator driver, then emit to memory) and loads the generated class into a collectible load context: the
/// compiled model the CLI's interpreted one is compared with (InterpretedModelTests), running on the NetDsl runtime
/// already loaded here, so results equal those of a compiled project.
/// </summary>
public static class ModelCompiler
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The global usings an SDK project with ImplicitUsings gets; generated code compiles the same way here.</summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>Runs the generator and, with <paramref name="emit"/>, compiles and loads the model.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static CompilationOutcome Compile(string path, string source, bool emit = true, CancellationToken cancellation = default)
    {
        string fullPath = Path.GetFullPath(path);
        string assemblyName = "NetDslModel_" + Sanitize(Path.GetFileNameWithoutExtension(fullPath)) + "_" + Guid.NewGuid().ToString("N")[..8];
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, path: "ImplicitUsings.g.cs")],
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release,
                deterministic: true));

        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new NetDslGenerator().AsSourceGenerator()],
            // The generator reads *.netdsl files only; a model of any other name (model.txt) is given to it as model.txt.netdsl.
            [new InMemoryAdditionalText(ModelLoader.GeneratorPath(fullPath), SourceText.From(source))],
            ParseOptions,
            new GlobalOptionsProvider(new Dictionary<string, string>
            {
                ["build_property.RootNamespace"] = "NetDslModels",
                ["build_property.NetDslNamespace"] = "",
            }));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics, cancellation);

        var diagnostics = new List<Diagnostic>(generatorDiagnostics);
        if (HasError(diagnostics) || !emit)
        {
            if (!HasError(diagnostics)) diagnostics.AddRange(ErrorsOnly(generated.GetDiagnostics(cancellation)));
            return new CompilationOutcome(path, diagnostics, null, null);
        }

        using var image = new MemoryStream();
        var result = generated.Emit(image, cancellationToken: cancellation);
        diagnostics.AddRange(ErrorsOnly(result.Diagnostics));
        if (!result.Success) return new CompilationOutcome(path, diagnostics, null, null);
        return Load(path, assemblyName, image.ToArray(), diagnostics);
    }

    /// <summary>Loads an emitted model assembly into its own collectible load context.</summary>
    private static CompilationOutcome Load(string path, string loadContextName, byte[] image, IReadOnlyList<Diagnostic> diagnostics)
    {
        var loadContext = new AssemblyLoadContext(loadContextName, isCollectible: true);
        var assembly = loadContext.LoadFromStream(new MemoryStream(image, writable: false));
        var modelType = FindModelType(assembly);
        if (modelType is null)
        {
            loadContext.Unload();
            return new CompilationOutcome(path, diagnostics, null, null)
            {
                Problem = $"{path}: produced no network model (no generated class implements NetDsl.INetworkModel)",
            };
        }
        return new CompilationOutcome(path, diagnostics, modelType, loadContext);
    }

    private static Type? FindModelType(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            if (type.IsClass && !type.IsAbstract && typeof(INetworkModel).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null)
            {
                return type;
            }
        }
        return null;
    }

    private static IEnumerable<Diagnostic> ErrorsOnly(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error) yield return diagnostic;
        }
    }

    private static bool HasError(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error) return true;
        }
        return false;
    }

    /// <summary>The framework assemblies this process runs on, plus the NetDsl runtime.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string runtimeDirectory = Path.GetFullPath(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory());
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        string trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        foreach (string file in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string directory = Path.GetFullPath(Path.GetDirectoryName(file) ?? "");
            if (Path.TrimEndingDirectorySeparator(directory) == Path.TrimEndingDirectorySeparator(runtimeDirectory))
            {
                references.Add(MetadataReference.CreateFromFile(file));
            }
        }
        references.Add(MetadataReference.CreateFromFile(typeof(INetworkModel).Assembly.Location));
        return references.ToImmutable();
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (!char.IsLetterOrDigit(chars[i])) chars[i] = '_';
        }
        return new string(chars);
    }

    private sealed class InMemoryAdditionalText(string path, SourceText text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => text;
    }

    private sealed class GlobalOptionsProvider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly Options _global = new(values);
        private static readonly Options Empty = new(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
                values.TryGetValue(key, out value);
        }
    }
}
