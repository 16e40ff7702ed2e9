namespace NetDsl.Cli.Tests;

/// <summary><c>netdsl check</c> on the tutorial files and on copies carrying each of the tutorial's original typos.</summary>
public sealed class CheckTests
{
    /// <summary>(name, file, clean text, typo text, token where the error is reported: its last occurrence in the typo text).</summary>
    public static TheoryData<string, string, string, string, string> Typos => new()
    {
        { "geometry l for L", "single_izhikevich.netdsl", " L=10um", " l=10um", "l" },
        { "mechanism Izh12007b", "single_izhikevich.netdsl", "Izhi2007b C=", "Izh12007b C=", "Izh12007b" },
        { "vn for vr", "izhikevich_network.netdsl", " vr=-60mV", " vn=-60mV", "vn" },
        { "record V for v", "izhikevich_network.netdsl", "record V_soma: v", "record V_soma: V", "V" },
        { "undefined pop in a rule", "izhikevich_inhibitory_network.netdsl", "conn IZH_inh -> IZH_exc", "conn IZH_inhib -> IZH_exc", "IZH_inhib" },
        { "undefined syn in a rule", "izhikevich_inhibitory_network.netdsl", "d=3ms syn=inh", "d=3ms syn=GABA", "GABA" },
    };

    [Theory]
    [MemberData(nameof(Typos))]
    public void Each_tutorial_typo_is_reported_with_file_line_and_column_and_exits_1(string name, string file, string clean, string typo, string token)
    {
        string text = File.ReadAllText(RepositoryPaths.Tutorial(file));
        int at = text.IndexOf(clean, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{file} no longer contains '{clean}' ({name})");
        string broken = text[..at] + typo + text[(at + clean.Length)..];
        int tokenOffset = at + typo.LastIndexOf(token, StringComparison.Ordinal);
        int line = broken[..tokenOffset].Count(c => c == '\n') + 1;
        int column = tokenOffset - (broken.LastIndexOf('\n', tokenOffset - 1) + 1) + 1;

        using var folder = new TemporaryFolder();
        string path = folder.File(Path.GetFileNameWithoutExtension(file) + "_typo.netdsl");
        File.WriteAllText(path, broken);
        var outcome = CliRunner.Run("check", path);

        Assert.Equal(ExitCodes.ModelError, outcome.ExitCode);
        var errors = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(": error NDSL")).ToList();
        Assert.Contains(errors, l => l.StartsWith($"{path}({line},{column}): error NDSL", StringComparison.Ordinal));
    }

    [Fact]
    public void The_clean_tutorial_files_have_no_errors()
    {
        var files = TutorialModels.ReferenceCaseOf.Keys.Select(RepositoryPaths.Tutorial).ToArray();
        var outcome = CliRunner.Run(["check", .. files]);
        Assert.Equal(ExitCodes.Ok, outcome.ExitCode);
        Assert.DoesNotContain(": error ", outcome.Stdout);
        Assert.Equal(files.Select(f => f + ": ok"), outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
