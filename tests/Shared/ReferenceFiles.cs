using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace NetDsl.TestSupport;

/// <summary>
/// The repository root (the folder holding NetDsl.sln, found by walking up from the test binaries) and the
/// NetPyNE + NEURON reference cases in tests/reference/&lt;case&gt;/. Large files are stored there gzip-compressed as
/// &lt;name&gt;.gz; every reader goes through <see cref="OpenRead"/>, which opens the plain file when it exists and
/// decompresses &lt;name&gt;.gz otherwise. Linked into every test project.
/// </summary>
internal static class ReferenceFiles
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The folder holding every reference case: tests/reference in the repository.</summary>
    public static string ReferenceRoot => Path.Combine(RepositoryRoot, "tests", "reference");

    /// <summary>tests/reference/&lt;case&gt;.</summary>
    public static string CaseDirectory(string caseName) => Path.Combine(ReferenceRoot, caseName);

    /// <summary>Whether the case has the file, plain or as &lt;name&gt;.gz.</summary>
    public static bool Exists(string caseName, string fileName)
    {
        string path = Path.Combine(CaseDirectory(caseName), fileName);
        return File.Exists(path) || File.Exists(path + ".gz");
    }

    /// <summary>Opens a reference file: the plain file if present, else the decompressed &lt;name&gt;.gz.</summary>
    public static Stream OpenRead(string caseName, string fileName)
    {
        string path = Path.Combine(CaseDirectory(caseName), fileName);
        if (File.Exists(path)) return File.OpenRead(path);
        if (File.Exists(path + ".gz")) return new GZipStream(File.OpenRead(path + ".gz"), CompressionMode.Decompress);
        throw new FileNotFoundException($"Reference file {fileName} (or {fileName}.gz) not found in {CaseDirectory(caseName)}.", path);
    }

    /// <summary>The text of a reference file (UTF-8), decompressed if it is stored as &lt;name&gt;.gz.</summary>
    public static string ReadText(string caseName, string fileName)
    {
        using var stream = OpenRead(caseName, fileName);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>A reference JSON file parsed; the caller disposes it.</summary>
    public static JsonDocument OpenJson(string caseName, string fileName)
    {
        using var stream = OpenRead(caseName, fileName);
        return JsonDocument.Parse(stream);
    }

    /// <summary>
    /// A plain copy of a reference file at <paramref name="destination"/> (decompressed if stored as &lt;name&gt;.gz),
    /// for tests that hand a path to a program rather than reading the file themselves.
    /// </summary>
    public static string CopyTo(string caseName, string fileName, string destination)
    {
        using (var source = OpenRead(caseName, fileName))
        using (var target = File.Create(destination))
        {
            source.CopyTo(target);
        }
        return destination;
    }

    /// <summary>spikes.json of a case: (time ms, gid) in NetPyNE's order.</summary>
    public static (double Time, int Gid)[] Spikes(string caseName)
    {
        using var json = OpenJson(caseName, "spikes.json");
        return json.RootElement.EnumerateArray().Select(s => (s[0].GetDouble(), (int)s[1].GetDouble())).ToArray();
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NetDsl.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("NetDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
