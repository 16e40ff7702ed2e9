using NetDsl.Models;

namespace NetDsl.Cli;

/// <summary>Entry point of <c>netdsl</c>: dispatches to the run, check, sweep, export and import commands.</summary>
public static class CliApp
{
    /// <summary>The help text; the names of choices come from <see cref="NamedChoices"/>, as the language's do.</summary>
    public static readonly string Usage = $"""
        Usage:
          netdsl run FILE.netdsl [--out DIR] [--set PATH=VALUE]... [--seed N] [--threads N] [--precision P] [--svg] [--save PARTS] [--quiet] [--timing] [--distributed]
          netdsl check FILE.netdsl...
          netdsl sweep FILE.netdsl --set PATH=V1,V2,... [--set ...] [--out DIR] [--seed N] [--threads N] [--precision P] [--svg] [--save PARTS] [--quiet]
          netdsl export netpyne FILE.netdsl [--out FILE.py] [--set PATH=VALUE]...
          netdsl import FILE.json [--out FILE.netdsl]

        PATH names a value of the file, e.g. cell.IZH.b, pop.IZH_exc.n, syn.inh.e, stim.bkg.rate,
        conn.IZH_exc->IZH_inh.p, stim.bkg->IZH_exc.w, sim.duration, sim.seeds.conn. VALUE is a number or, for
        sim.precision, sim.synapses and cell.<cell>.celltype, a name: {Names(NamedChoices.Precision)}; {Names(NamedChoices.Synapses)};
        {Names(NamedChoices.CellType)}.
        --precision exact (NEURON's arithmetic, the default), fast (double precision, closed-form step, several
        times faster, not bit-identical to NEURON) or single (the same in single precision); overrides sim precision=.
        Outputs go to out/<Network>/ (sweeps: out/<Network>_sweep/<variant>/): <Network>_data.json (NetPyNE's
        saved-data layout), <Network>_spikes.csv and the figures the file asks for (PNG, or SVG with --svg).
        --save PARTS chooses what the data JSON holds, NetPyNE's saveDataInclude: netParams,netCells,netPops,simConfig,
        simData and conns (every connection), or all; by default what the file's sim saveDataInclude= names, else all
        but the connections of networks with more than 100,000 (then the summary says so).
        Ctrl-C stops a run and saves what was simulated so far, marked partial.
        mpirun -n N netdsl run FILE.netdsl runs it on N processes (each its share of the cells, spikes exchanged once per
        shortest delay, the same spikes as one process); --distributed asks for it explicitly (needs Open MPI or MPICH).
        Exit codes: 0 ok, 1 model errors (or outputs not writable), 2 usage errors, 130 interrupted.
        """;

    /// <summary>The usage of one command (<c>netdsl run --help</c>): its synopsis line and what its options do.</summary>
    public static string CommandUsage(string command)
    {
        string synopsis = Usage.Split('\n').Select(l => l.TrimEnd('\r')).First(l => l.StartsWith("  netdsl " + command + " ", StringComparison.Ordinal));
        string body = command switch
        {
            "check" => """
                Checks each file (of any name) without running it: prints its diagnostics as file(line,col): severity
                NDSLxxxx: message, then one line per file (ok, or its errors). Every file is checked even if one is missing.
                Exit codes: 0 all ok, 1 a file has errors, 2 a file could not be read.
                """,
            "export" => """
                Writes the model (with the --set values) as a NetPyNE 1.1.0 script, FILE_netpyne.py unless --out names
                another: netParams, simConfig and createSimulateAnalyze, saving NetPyNE's data JSON. Run it where NetPyNE
                and NEURON are installed, with izhi2007b.mod compiled for Izhikevich cells: its spikes are NetDsl's.
                Exit codes: 0 ok, 1 model errors (or the script not writable), 2 usage errors.
                """,
            "import" => """
                Writes NetPyNE's netParams as a .netdsl model, FILE.netdsl unless --out names another. FILE.json is
                what netParams.save writes ({"net": {"params": ...}}), a saved-data file (sim.saveData, saveJson: its
                net.params, simConfig and net.pops), {"netParams": ...} or the netParams keys at the top level. Numbers
                get NetPyNE's units (10um, 5ms, 0.01uS), string functions become expressions; a key NetDsl has no form
                for becomes a '# not translated' comment naming it and why, and is listed on standard error.
                Exit codes: 0 ok (also with untranslated keys), 1 the file is not JSON or holds no netParams (or the
                output is not writable), 2 usage errors or a missing file.
                """,
            _ => Usage[(Usage.IndexOf("PATH names", StringComparison.Ordinal))..],
        };
        return "Usage:\n" + synopsis + "\n\n" + body.TrimEnd();
    }

    private static string Names(ChoiceSet choices) => choices.Parameter + " " + string.Join("|", choices.Names);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
                return args.Length == 0 ? ExitCodes.UsageError : ExitCodes.Ok;
            }
            var rest = args[1..];
            if (args[0] is "run" or "check" or "sweep" or "export" or "import" && CommandLineParser.AsksForHelp(rest))
            {
                stdout.WriteLine(CommandUsage(args[0]));
                return ExitCodes.Ok;
            }
            return args[0] switch
            {
                "run" => new RunCommand(stdout, stderr).Execute(CommandLineParser.ParseRun(rest)),
                "check" => new CheckCommand(stdout, stderr).Execute(CommandLineParser.ParseCheck(rest)),
                "sweep" => new SweepCommand(stdout, stderr).Execute(CommandLineParser.ParseSweep(rest)),
                "export" => new ExportCommand(stdout, stderr).Execute(ExportCommand.Parse(rest)),
                "import" => new ImportCommand(stdout, stderr).Execute(ImportCommand.Parse(rest)),
                "--version" => PrintVersion(stdout),
                _ => throw new UsageException($"unknown command '{args[0]}' (expected run, check, sweep, export or import)"
                    + (Suggest.Closest(args[0], ["run", "check", "sweep", "export", "import"]) is string closest ? $". Did you mean '{closest}'?" : "")),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine("netdsl: " + e.Message);
            if (e.PointToHelp) stderr.WriteLine("Run 'netdsl --help' for usage.");
            return ExitCodes.UsageError;
        }
        catch (CommandFailedException e)
        {
            stderr.WriteLine("netdsl: " + e.Message);
            return ExitCodes.ModelError;
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C before a run had anything to save (while compiling the model).
            stderr.WriteLine("netdsl: interrupted before anything was simulated; nothing is saved");
            return RunCommand.Interrupted;
        }
    }

    private static int PrintVersion(TextWriter stdout)
    {
        stdout.WriteLine("netdsl " + NetDsl.Output.NetPyneJsonWriter.NetDslVersion);
        return ExitCodes.Ok;
    }
}
