using System.Globalization;
using NetDsl.Examples.Tutorial;

namespace NetDsl.Cli.Tests;

/// <summary>The README's main command, <c>dotnet run --project examples/Tutorial</c>, run in-process.</summary>
public sealed class TutorialProgramTests
{
    [Fact]
    public void The_tutorial_program_writes_data_spikes_and_three_figures_per_model_with_the_reference_spikes()
    {
        using var folder = new TemporaryFolder();
        var entryPoint = typeof(SingleIzhikevich).Assembly.EntryPoint!;
        var console = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        object? exitCode;
        try
        {
            exitCode = entryPoint.Invoke(null, [new[] { folder.Path }]);
        }
        finally
        {
            Console.SetOut(console);
        }

        Assert.Equal(0, exitCode);
        foreach (var (network, caseName) in new[] { ("SingleIzhikevich", "A_single"), ("IzhikevichNetwork", "B_network"), ("IzhikevichInhibitory", "C_inhib"), ("Tutorial2", "H_tut2") })
        {
            string directory = Path.Combine(folder.Path, network);
            foreach (string suffix in new[] { "_data.json", "_spikes.csv", "_raster.png", "_traces.png", "_2Dnet.png" })
            {
                Assert.True(new FileInfo(Path.Combine(directory, network + suffix)).Length > 0, network + suffix);
            }
            var spikes = File.ReadAllLines(Path.Combine(directory, network + "_spikes.csv")).Skip(1)
                .Select(line => line.Split(','))
                .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture)))
                .ToList();
            Assert.Equal(TutorialModels.ReferenceSpikes(caseName), spikes);
        }
        Assert.Contains("  Spikes: 381 (381.00 Hz)", captured.ToString());
        Assert.Contains("  Spikes: 1545 (77.25 Hz)", captured.ToString());
        Assert.Contains("  Spikes: 1074 (35.80 Hz)", captured.ToString());
        Assert.Contains("  Spikes: 931 (23.27 Hz)", captured.ToString());
    }
}
