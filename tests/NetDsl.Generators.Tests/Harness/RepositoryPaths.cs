using System.IO;
using NetDsl.TestSupport;

namespace NetDsl.Generators.Tests.Harness;

/// <summary>Locations in the repository.</summary>
public static class RepositoryPaths
{
    public static string Root => ReferenceFiles.RepositoryRoot;

    public static string Tutorial => Path.Combine(Root, "examples", "Tutorial");

    public static string TestProject => Path.Combine(Root, "tests", "NetDsl.Generators.Tests");

    public static string TutorialModel(string fileName) => File.ReadAllText(Path.Combine(Tutorial, fileName));

    /// <summary>A model kept with these tests (tests/NetDsl.Generators.Tests/Models).</summary>
    public static string TestModel(string fileName) => File.ReadAllText(Path.Combine(TestProject, "Models", fileName));
}
