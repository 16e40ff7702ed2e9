using System.Diagnostics;
using System.Text.Json;

namespace NetDsl.Cli.Tests;

/// <summary>
/// The model cache: an unchanged file is not compiled again (no Roslyn run on this thread) and runs to the same
/// outputs; a changed file, a changed spike-train file and a damaged entry are compiled again; warnings print the same.
/// </summary>
public sealed class ModelCacheTests
{
    /// <summary>The single-neuron tutorial, shortened: a run takes milliseconds.</summary>
    private static string Model(string extra = "") =>
        File.ReadAllText(RepositoryPaths.Tutorial("single_izhikevich.netdsl")).Replace("duration=1000ms", "duration=100ms") + extra;

    /// <summary>No stimulus: the generator warns NDSL0208 (the population receives no input), and the model still runs.</summary>
    private static string ModelWithWarning() =>
        Model().Replace("stim IClamp1: IClamp del=50ms dur=1000ms amp=10nA\n", "").Replace("stim IClamp1 -> SingleIZH\n", "");

    private sealed record Counted(CliRunner.Outcome Outcome, int Compilations);

    private static Counted Run(string cacheDirectory, params string[] args)
    {
        using var _ = ModelCache.UseDirectory(cacheDirectory);
        int before = ModelCompiler.CompilationsOnThisThread;
        var outcome = CliRunner.Run(args);
        return new Counted(outcome, ModelCompiler.CompilationsOnThisThread - before);
    }

    private static string[] Entries(string cacheDirectory) =>
        Directory.Exists(cacheDirectory) ? Directory.GetFiles(cacheDirectory, "*.model") : [];

    [Fact]
    public void A_second_run_loads_the_model_from_the_cache_and_gives_the_same_outputs()
    {
        using var folder = new TemporaryFolder();
        string cache = folder.File("cache"), file = folder.File("model.netdsl");
        File.WriteAllText(file, Model());

        var first = Run(cache, "run", file, "--out", folder.File("first"), "--timing");
        var second = Run(cache, "run", file, "--out", folder.File("second"), "--timing");

        Assert.True(first.Outcome.ExitCode == ExitCodes.Ok, first.Outcome.Stderr);
        Assert.True(second.Outcome.ExitCode == ExitCodes.Ok, second.Outcome.Stderr);
        Assert.Equal(1, first.Compilations);
        Assert.Equal(0, second.Compilations);
        Assert.Contains("(compiled with Roslyn, then cached)", first.Outcome.Stdout);
        Assert.Contains("(compiled model loaded from the cache)", second.Outcome.Stdout);
        Assert.Single(Entries(cache));

        string spikes = "SingleIzhikevich_spikes.csv", data = "SingleIzhikevich_data.json";
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder.File("first"), spikes)), File.ReadAllBytes(Path.Combine(folder.File("second"), spikes)));
        Assert.Equal(SimData(Path.Combine(folder.File("first"), data)), SimData(Path.Combine(folder.File("second"), data)));
        Assert.Equal(SummaryLines(first.Outcome.Stdout), SummaryLines(second.Outcome.Stdout));
    }

    [Fact]
    public void A_changed_file_is_compiled_again()
    {
        using var folder = new TemporaryFolder();
        string cache = folder.File("cache"), file = folder.File("model.netdsl");
        File.WriteAllText(file, Model());
        Assert.Equal(1, Run(cache, "run", file, "--out", folder.File("out"), "--quiet").Compilations);

        File.WriteAllText(file, Model().Replace("d=100", "d=90"));
        var changed = Run(cache, "run", file, "--out", folder.File("out"), "--quiet");
        Assert.True(changed.Outcome.ExitCode == ExitCodes.Ok, changed.Outcome.Stderr);
        Assert.Equal(1, changed.Compilations);
        Assert.Equal(2, Entries(cache).Length);

        // The same text at another path is another model: diagnostics and spike-train paths name the file.
        string moved = folder.File("moved.netdsl");
        File.WriteAllText(moved, File.ReadAllText(file));
        Assert.Equal(1, Run(cache, "run", moved, "--out", folder.File("out"), "--quiet").Compilations);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped byte")]
    [InlineData("empty")]
    [InlineData("not an entry")]
    public void A_damaged_entry_is_compiled_again_and_replaced(string damage)
    {
        using var folder = new TemporaryFolder();
        string cache = folder.File("cache"), file = folder.File("model.netdsl");
        File.WriteAllText(file, Model());
        var first = Run(cache, "run", file, "--out", folder.File("first"), "--quiet");
        string entry = Assert.Single(Entries(cache));
        byte[] bytes = File.ReadAllBytes(entry);
        switch (damage)
        {
            case "truncated": File.WriteAllBytes(entry, bytes[..(bytes.Length / 2)]); break;
            case "flipped byte": bytes[bytes.Length / 2] ^= 0x40; File.WriteAllBytes(entry, bytes); break;
            case "empty": File.WriteAllBytes(entry, []); break;
            default: File.WriteAllText(entry, "not a cache entry"); break;
        }

        var damaged = Run(cache, "run", file, "--out", folder.File("second"), "--quiet");
        Assert.True(damaged.Outcome.ExitCode == ExitCodes.Ok, damaged.Outcome.Stderr);
        Assert.Equal("", damaged.Outcome.Stderr);
        Assert.Equal(1, damaged.Compilations);
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder.File("first"), "SingleIzhikevich_spikes.csv")),
            File.ReadAllBytes(Path.Combine(folder.File("second"), "SingleIzhikevich_spikes.csv")));
        Assert.Equal(bytes.Length, new FileInfo(entry).Length);
        Assert.Equal(0, Run(cache, "run", file, "--out", folder.File("third"), "--quiet").Compilations);
        Assert.Equal(ExitCodes.Ok, first.Outcome.ExitCode);
    }

    [Fact]
    public void Warnings_print_the_same_on_a_cached_run()
    {
        using var folder = new TemporaryFolder();
        string cache = folder.File("cache"), file = folder.File("quiet.netdsl");
        File.WriteAllText(file, ModelWithWarning());

        var first = Run(cache, "run", file, "--out", folder.File("out"), "--quiet");
        var second = Run(cache, "run", file, "--out", folder.File("out"), "--quiet");

        Assert.True(first.Outcome.ExitCode == ExitCodes.Ok, first.Outcome.Stderr);
        Assert.Equal(ExitCodes.Ok, second.Outcome.ExitCode);
        Assert.Equal((1, 0), (first.Compilations, second.Compilations));
        Assert.Contains("warning NDSL0208", first.Outcome.Stderr);
        Assert.StartsWith(file + "(", first.Outcome.Stderr);
        Assert.Equal(first.Outcome.Stderr, second.Outcome.Stderr);
    }

    [Fact]
    public void Check_uses_the_cache_and_sees_a_spike_train_file_appear()
    {
        using var folder = new TemporaryFolder();
        string cache = folder.File("cache"), file = folder.File("trains.netdsl");
        File.WriteAllText(file, Model("syn exc: Exp2Syn tau1=1 tau2=5 e=0\nstim tr: VecStim file=\"inputs.csv\"\nstim tr -> SingleIZH syn=exc\n"));

        var missing = Run(cache, "check", file);
        var missingAgain = Run(cache, "check", file);
        Assert.Equal((1, 0), (missing.Compilations, missingAgain.Compilations));
        Assert.Contains("warning NDSL0216", missing.Outcome.Stdout);
        Assert.Equal(missing.Outcome.Stdout, missingAgain.Outcome.Stdout);

        // The warning depends on the file system, not only on the text: the entry no longer holds.
        File.WriteAllText(folder.File("inputs.csv"), "index,time\n0,5\n");
        var present = Run(cache, "check", file);
        Assert.Equal(1, present.Compilations);
        Assert.Equal(file + ": ok" + Environment.NewLine, present.Outcome.Stdout);
        var presentAgain = Run(cache, "check", file);
        Assert.Equal(0, presentAgain.Compilations);
        Assert.Equal(present.Outcome.Stdout, presentAgain.Outcome.Stdout);

        // run needs the assembly, which check's entry does not hold; it compiles once and then loads it.
        Assert.Equal(1, Run(cache, "run", file, "--out", folder.File("out"), "--quiet").Compilations);
        Assert.Equal(0, Run(cache, "run", file, "--out", folder.File("out"), "--quiet").Compilations);
        Assert.Equal(0, Run(cache, "check", file).Compilations);
    }

    [Fact]
    public void A_file_with_errors_is_not_cached()
    {
        using var folder = new TemporaryFolder();
        string cache = folder.File("cache"), file = folder.File("broken.netdsl");
        File.WriteAllText(file, Model().Replace("pop SingleIZH: IZH x 1", "pop SingleIZH: NoSuchCell x 1"));

        var first = Run(cache, "check", file);
        var second = Run(cache, "check", file);
        Assert.Equal(ExitCodes.ModelError, second.Outcome.ExitCode);
        Assert.Equal((1, 1), (first.Compilations, second.Compilations));
        Assert.Equal(first.Outcome.Stdout, second.Outcome.Stdout);
        Assert.Empty(Entries(cache));
    }

    [Fact]
    public void No_cache_compiles_every_time_and_stores_nothing()
    {
        using var folder = new TemporaryFolder();
        string cache = folder.File("cache"), file = folder.File("model.netdsl");
        File.WriteAllText(file, Model());

        var run = Run(cache, "run", file, "--out", folder.File("out"), "--no-cache", "--timing");
        Assert.True(run.Outcome.ExitCode == ExitCodes.Ok, run.Outcome.Stderr);
        Assert.Contains("(compiled with Roslyn; --no-cache)", run.Outcome.Stdout);
        Assert.Equal(1, Run(cache, "check", file, "--no-cache").Compilations);
        Assert.Equal(1, Run(cache, "run", file, "--out", folder.File("out"), "--quiet", "--no-cache").Compilations);
        Assert.Equal(1, run.Compilations);
        Assert.Empty(Entries(cache));

        // Without --no-cache the same file is stored, and --no-cache still compiles past the entry.
        Assert.Equal(1, Run(cache, "run", file, "--out", folder.File("out"), "--quiet").Compilations);
        Assert.Single(Entries(cache));
        Assert.Equal(1, Run(cache, "run", file, "--out", folder.File("out"), "--quiet", "--no-cache").Compilations);
    }

    [Fact]
    public void The_least_recently_used_entries_beyond_the_capacity_are_removed()
    {
        using var folder = new TemporaryFolder();
        var cache = new ModelCache(folder.File("cache"), capacity: 2);
        var files = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            string file = folder.File($"model{i}.netdsl");
            File.WriteAllText(file, Model());
            files.Add(file);
            using var outcome = cache.Compile(file, File.ReadAllText(file));
            Assert.False(outcome.FromCache);
            // Modification times a second apart, whatever the file system's resolution.
            File.SetLastWriteTimeUtc(cache.EntryPath(ModelCache.Key(file, File.ReadAllText(file))), DateTime.UtcNow.AddSeconds(i - 10));
        }

        var kept = Directory.GetFiles(cache.Directory, "*.model").Select(f => Path.GetFileName(f)).Order().ToList();
        var expected = files.Skip(1).Select(f => Path.GetFileName(cache.EntryPath(ModelCache.Key(f, File.ReadAllText(f))))).Order().ToList();
        Assert.Equal(expected, kept);
        using var hit = cache.Compile(files[2], File.ReadAllText(files[2]));
        Assert.True(hit.FromCache);
        Assert.NotNull(hit.CreateModel());
    }

    [Fact]
    public void The_cache_folder_is_NETDSL_CACHE_DIR_else_XDG_CACHE_HOME_else_the_home_cache()
    {
        string? Environment(string name, string? netdsl, string? xdg) => name switch
        {
            ModelCache.DirectoryVariable => netdsl,
            "XDG_CACHE_HOME" => xdg,
            _ => null,
        };
        Assert.Equal("/c/mine", ModelCache.DefaultDirectory(n => Environment(n, "/c/mine", "/x"), "/home/u"));
        Assert.Equal(Path.Combine("/x", "netdsl"), ModelCache.DefaultDirectory(n => Environment(n, null, "/x"), "/home/u"));
        Assert.Equal(Path.Combine("/home/u", ".cache", "netdsl"), ModelCache.DefaultDirectory(n => Environment(n, "", "relative"), "/home/u"));
        Assert.Null(ModelCache.DefaultDirectory(n => null, null));
    }

    private static string[] Diagnostics(string stderr) =>
        [.. stderr.Split('\n').Where(line => line.Length > 0 && !line.StartsWith("  ", StringComparison.Ordinal))];

    [Fact]
    public void A_second_process_loads_the_model_from_the_cache()
    {
        using var folder = new TemporaryFolder();
        string file = folder.File("model.netdsl");
        File.WriteAllText(file, ModelWithWarning());

        var first = RunChild(folder.File("cache"), file, folder.File("first"));
        var second = RunChild(folder.File("cache"), file, folder.File("second"));

        Assert.True(first.ExitCode == ExitCodes.Ok, first.Stderr);
        Assert.True(second.ExitCode == ExitCodes.Ok, second.Stderr);
        Assert.Contains("(compiled with Roslyn, then cached)", first.Stdout);
        Assert.Contains("(compiled model loaded from the cache)", second.Stdout);
        Assert.Contains("  Start-up: ", second.Stdout);
        // The warnings are replayed from the cache; progress lines (a slow compile on a loaded machine prints some) are not compared.
        Assert.Equal(Diagnostics(first.Stderr), Diagnostics(second.Stderr));
        Assert.Contains(Diagnostics(second.Stderr), line => line.Contains("warning NDSL"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder.File("first"), "SingleIzhikevich_spikes.csv")),
            File.ReadAllBytes(Path.Combine(folder.File("second"), "SingleIzhikevich_spikes.csv")));
    }

    private static CliRunner.Outcome RunChild(string cacheDirectory, string file, string output)
    {
        var info = new ProcessStartInfo(Survival.ChildCli.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { Survival.ChildCli.CliAssembly, "run", file, "--out", output, "--timing" }) info.ArgumentList.Add(arg);
        info.Environment[ModelCache.DirectoryVariable] = cacheDirectory;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new CliRunner.Outcome(process.ExitCode, stdout, stderr.Result);
    }

    private static string SimData(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("simData").GetRawText();
    }

    /// <summary>The run's summary without the lines that hold measured times or the output folder.</summary>
    private static List<string> SummaryLines(string stdout) =>
        stdout.Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => !l.Contains(" s ") && !l.Contains(" s;") && !l.Contains(" s)") && !l.EndsWith(" s", StringComparison.Ordinal)
                        && !l.Contains("Saved ") && !l.Contains("memory") && !l.Contains("ns per") && !l.Contains("Running "))
            .ToList();
}
