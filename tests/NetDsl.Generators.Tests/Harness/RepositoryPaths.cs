using System;
using System.IO;

namespace NetDsl.Generators.Tests.Harness;

/// <summary>Locations in the repository, found by walking up to NetDsl.sln.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Tutorial => Path.Combine(Root, "examples", "Tutorial");

    public static string TestProject => Path.Combine(Root, "tests", "NetDsl.Generators.Tests");

    public static string TutorialModel(string fileName) => File.ReadAllText(Path.Combine(Tutorial, fileName));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NetDsl.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("NetDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
