using NetDsl.TestSupport;

namespace NetDsl.Cli.Tests;

/// <summary>Paths in the repository, including the reference cases in tests/reference.</summary>
public static class RepositoryPaths
{
    public static string Root => ReferenceFiles.RepositoryRoot;

    public static string Reference(string caseName) => ReferenceFiles.CaseDirectory(caseName);

    public static string Tutorial(string fileName) => Path.Combine(Root, "examples", "Tutorial", fileName);
}

/// <summary>A temporary folder deleted after the test.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "netdsl-tests-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
