using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace NetDsl.TestSupport;

/// <summary>
/// The repository root (the folder holding NetDsl.sln, found by walking up from the test binaries) and the
/// NetPyNE + NEURON reference cases in ../shared/reference beside it. Linked into every test project.
/// </summary>
internal static class ReferenceFiles
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string CaseDirectory(string caseName) =>
        Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "reference", caseName));

    /// <summary>spikes.json of a case: (time ms, gid) in NetPyNE's order.</summary>
    public static (double Time, int Gid)[] Spikes(string caseName)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(CaseDirectory(caseName), "spikes.json")));
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
