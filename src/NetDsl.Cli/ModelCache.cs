using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NetDsl.Output;

namespace NetDsl.Cli;

/// <summary>
/// Compiled models by content hash, so that running an unchanged file again skips Roslyn (about 2 s). An entry holds
/// the emitted assembly and the generator's diagnostics (printed again on a cached run, identically); its key hashes
/// everything the compilation depends on: the text, the file's full path (diagnostics name it, the class name and the
/// spike-train paths come from it) and the exact builds of this command, the generator, the runtime and Roslyn. An
/// entry also records whether each spike-train file it names existed, as the generator's warning NDSL0216 depends on
/// it. Files with errors are never stored. Entries are written atomically; one that cannot be read is compiled again
/// and replaced; the least recently used beyond <see cref="Capacity"/> are removed.
/// </summary>
public sealed class ModelCache
{
    /// <summary>The environment variable naming the cache folder.</summary>
    public const string DirectoryVariable = "NETDSL_CACHE_DIR";

    public const int DefaultCapacity = 64;

    private const string Extension = ".model";

    /// <summary>The entry layout; entries of another layout are ignored.</summary>
    private static readonly byte[] Magic = "NDSLMC01"u8.ToArray();

    private static readonly Lazy<byte[]> BuildIdentity = new(ComputeBuildIdentity);

    public ModelCache(string directory, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Directory = Path.GetFullPath(directory);
        Capacity = capacity;
    }

    public string Directory { get; }

    /// <summary>How many entries are kept; the least recently used beyond it are removed when one is stored.</summary>
    public int Capacity { get; }

    private static readonly AsyncLocal<string?> DirectoryInUse = new();

    /// <summary>The cache of this user (<see cref="DefaultDirectory"/>), or null when there is no folder for it.</summary>
    public static ModelCache? ForUser() =>
        (DirectoryInUse.Value ?? DefaultDirectory(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))) is string directory
            ? new ModelCache(directory)
            : null;

    /// <summary>
    /// Makes <see cref="ForUser"/> return the cache in <paramref name="directory"/> for this flow of execution until
    /// disposed: commands run in process (tests) get their own cache without changing the process's environment.
    /// </summary>
    public static IDisposable UseDirectory(string directory)
    {
        string? before = DirectoryInUse.Value;
        DirectoryInUse.Value = directory;
        return new Restore(() => DirectoryInUse.Value = before);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary><c>$NETDSL_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/netdsl</c>, else <c>~/.cache/netdsl</c>; null without a home folder.</summary>
    public static string? DefaultDirectory(Func<string, string?> environment, string? home)
    {
        if (environment(DirectoryVariable) is { Length: > 0 } chosen) return chosen;
        // The XDG base-directory specification ignores relative values.
        if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "netdsl");
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "netdsl");
    }

    /// <summary>
    /// The compiled model of <paramref name="source"/>, from the cache when an entry matches, else compiled with
    /// <see cref="ModelCompiler"/> and stored when it has no errors. Without <paramref name="emit"/> (check) only the
    /// diagnostics are needed, and any entry of the file gives them.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public CompilationOutcome Compile(string path, string source, bool emit = true, CancellationToken cancellation = default)
    {
        string key = Key(path, source);
        if (TryLoad(path, key, emit) is CompilationOutcome cached) return cached;
        var compiled = ModelCompiler.Compile(path, source, emit, cancellation);
        if (!compiled.HasErrors && compiled.Problem is null && (!emit || compiled.Image is not null)) TryStore(key, compiled);
        return compiled;
    }

    /// <summary>The entry's file name: the SHA-256 of what the compiled model depends on, in hexadecimal.</summary>
    public static string Key(string path, string source)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BuildIdentity.Value);
        AppendString(hash, ModelCompiler.GeneratorPath(Path.GetFullPath(path)));
        AppendString(hash, source);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The path of the entry of <paramref name="key"/>.</summary>
    public string EntryPath(string key) => Path.Combine(Directory, key + Extension);

    private CompilationOutcome? TryLoad(string path, string key, bool emit)
    {
        string entryPath = EntryPath(key);
        Entry? entry;
        try
        {
            entry = Entry.Read(File.ReadAllBytes(entryPath), key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Absent (the usual miss) or unreadable: compile.
            return null;
        }
        if (entry is null || (emit && entry.Image is null)) return null;
        foreach (var (file, existed) in entry.SpikeTrainFiles)
        {
            if (FileExists(file) != existed) return null;
        }
        Touch(entryPath);
        var diagnostics = entry.Diagnostics.Select(d => d.ToDiagnostic()).ToList();
        var files = entry.SpikeTrainFiles.Select(f => f.Path).ToList();
        if (entry.Image is null || !emit) return new CompilationOutcome(path, diagnostics, null, null) { FromCache = true, SpikeTrainFiles = files };
        try
        {
            var outcome = ModelCompiler.Load(path, "NetDslModel_cached_" + key[..16], entry.Image, diagnostics, fromCache: true, files);
            return outcome.ModelType is null ? null : outcome;
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    private void TryStore(string key, CompilationOutcome compiled)
    {
        var entry = new Entry(
            compiled.Diagnostics.Select(CachedDiagnostic.From).ToList(),
            compiled.SpikeTrainFiles.Select(f => (f, FileExists(f))).ToList(),
            compiled.Image);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            AtomicFile.RemoveStaleTemporaries(Directory);
            AtomicFile.WriteAllBytes(EntryPath(key), entry.ToBytes(key));
            RemoveLeastRecentlyUsed();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs the next run its compilation.
        }
    }

    /// <summary>Keeps the <see cref="Capacity"/> most recently used entries (a hit renews an entry's time).</summary>
    private void RemoveLeastRecentlyUsed()
    {
        var entries = new DirectoryInfo(Directory).GetFiles("*" + Extension);
        if (entries.Length <= Capacity) return;
        foreach (var old in entries.OrderByDescending(f => f.LastWriteTimeUtc).Skip(Capacity))
        {
            try
            {
                old.Delete();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static void Touch(string entryPath)
    {
        try
        {
            File.SetLastWriteTimeUtc(entryPath, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static bool FileExists(string path) => Path.IsPathRooted(path) && File.Exists(path);

    /// <summary>The builds the compiled model depends on: this command, the generator, the runtime, Roslyn and the framework.</summary>
    private static byte[] ComputeBuildIdentity()
    {
        var text = new StringBuilder("netdsl-model-cache\n");
        text.Append(Environment.Version).Append('\n');
        text.Append(System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier).Append('\n');
        foreach (var assembly in new[] { typeof(ModelCache).Assembly, typeof(INetworkModel).Assembly })
        {
            text.Append(assembly.GetName().FullName).Append(' ').Append(assembly.ManifestModule.ModuleVersionId).Append('\n');
        }
        // Loaded by name only: their types are not needed on a cached run.
        foreach (string name in new[] { "NetDsl.Generators", "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp" })
        {
            var assembly = Assembly.Load(new AssemblyName(name));
            text.Append(assembly.GetName().FullName).Append(' ').Append(assembly.ManifestModule.ModuleVersionId).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void AppendString(IncrementalHash hash, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        hash.AppendData(BitConverter.GetBytes((long)bytes.Length));
        hash.AppendData(bytes);
    }

    /// <summary>One entry: the diagnostics, the spike-train files with whether each existed, the assembly (none for check's).</summary>
    private sealed record Entry(IReadOnlyList<CachedDiagnostic> Diagnostics, IReadOnlyList<(string Path, bool Existed)> SpikeTrainFiles, byte[]? Image)
    {
        /// <summary>Magic, key, content, then the SHA-256 of all before it: a truncated or altered entry does not read.</summary>
        public byte[] ToBytes(string key)
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(key);
                writer.Write(Diagnostics.Count);
                foreach (var diagnostic in Diagnostics) diagnostic.Write(writer);
                writer.Write(SpikeTrainFiles.Count);
                foreach (var (path, existed) in SpikeTrainFiles)
                {
                    writer.Write(path);
                    writer.Write(existed);
                }
                writer.Write(Image?.Length ?? -1);
                if (Image is not null) writer.Write(Image);
            }
            stream.Write(SHA256.HashData(stream.GetBuffer().AsSpan(0, (int)stream.Length)));
            return stream.ToArray();
        }

        /// <summary>The entry in <paramref name="bytes"/>, or null when it is not a whole entry of <paramref name="key"/>.</summary>
        public static Entry? Read(byte[] bytes, string key)
        {
            const int HashLength = 32;
            if (bytes.Length < Magic.Length + HashLength || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)) return null;
            var content = bytes.AsSpan(0, bytes.Length - HashLength);
            if (!SHA256.HashData(content).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashLength))) return null;
            try
            {
                using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length, content.Length - Magic.Length, writable: false), Encoding.UTF8);
                if (reader.ReadString() != key) return null;
                var diagnostics = new List<CachedDiagnostic>();
                for (int i = reader.ReadInt32(); i > 0; i--) diagnostics.Add(CachedDiagnostic.Read(reader));
                var files = new List<(string, bool)>();
                for (int i = reader.ReadInt32(); i > 0; i--) files.Add((reader.ReadString(), reader.ReadBoolean()));
                int length = reader.ReadInt32();
                byte[]? image = length < 0 ? null : reader.ReadBytes(length);
                if (image is not null && image.Length != length) return null;
                return new Entry(diagnostics, files, image);
            }
            catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException)
            {
                return null;
            }
        }
    }

    /// <summary>What <see cref="DiagnosticFormatter"/> and the commands read of a diagnostic: id, severity, message and where.</summary>
    private sealed record CachedDiagnostic(string Id, DiagnosticSeverity Severity, string Message, string? Path, TextSpan Span, LinePositionSpan Lines)
    {
        public static CachedDiagnostic From(Diagnostic diagnostic)
        {
            var span = diagnostic.Location.GetMappedLineSpan();
            return new CachedDiagnostic(diagnostic.Id, diagnostic.Severity, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
                span.IsValid && !string.IsNullOrEmpty(span.Path) ? span.Path : null, diagnostic.Location.SourceSpan, span.Span);
        }

        public Diagnostic ToDiagnostic()
        {
            // The message is the argument of "{0}", so that braces in it are never read as a format.
            var descriptor = new DiagnosticDescriptor(Id, Id, "{0}", "NetDsl", Severity, isEnabledByDefault: true);
            var location = Path is null ? Location.None : Location.Create(Path, Span, Lines);
            return Diagnostic.Create(descriptor, location, Message);
        }

        public void Write(BinaryWriter writer)
        {
            writer.Write(Id);
            writer.Write((int)Severity);
            writer.Write(Message);
            writer.Write(Path ?? "");
            writer.Write(Span.Start);
            writer.Write(Span.Length);
            writer.Write(Lines.Start.Line);
            writer.Write(Lines.Start.Character);
            writer.Write(Lines.End.Line);
            writer.Write(Lines.End.Character);
        }

        public static CachedDiagnostic Read(BinaryReader reader)
        {
            string id = reader.ReadString();
            var severity = (DiagnosticSeverity)reader.ReadInt32();
            string message = reader.ReadString();
            string path = reader.ReadString();
            var span = new TextSpan(reader.ReadInt32(), reader.ReadInt32());
            var lines = new LinePositionSpan(new LinePosition(reader.ReadInt32(), reader.ReadInt32()), new LinePosition(reader.ReadInt32(), reader.ReadInt32()));
            return new CachedDiagnostic(id, severity, message, path.Length == 0 ? null : path, span, lines);
        }
    }
}
