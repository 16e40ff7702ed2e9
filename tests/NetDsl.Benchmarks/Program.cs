using System.Globalization;
using BenchmarkDotNet.Running;
using NetDsl.Benchmarks;

// `scaling [N ...] [--threads T] [--duration MS] [--no-scalar] [--fan-in K] [--precision exact,fast,single] [--synapses exact]`
// builds the E/I model once per N (synapse state aggregated per cell and kind unless `--synapses exact`: one Exp2Syn
// per connection, the language's default) and runs it, for each precision, on 1 and on T threads (exact also as the scalar engine),
// printing one table row per variant (docs/performance.md). Anything else goes to BenchmarkDotNet (e.g. `--filter *NetworkBenchmarks*`).
if (args.Length > 0 && args[0] == "scaling")
{
    var sizes = new List<int>();
    int threads = 2;
    double duration = 1000;
    bool scalar = true;
    double fanIn = 100;
    bool aggregate = true;
    var precisions = new List<NetDsl.Definition.SimulationPrecision>();
    for (int i = 1; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
            case "--duration": duration = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
            case "--no-scalar": scalar = false; break;
            case "--fan-in": fanIn = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
            case "--synapses": aggregate = args[++i] != "exact"; break;
            case "--precision":
                foreach (string name in args[++i].Split(','))
                    precisions.Add(Enum.Parse<NetDsl.Definition.SimulationPrecision>(name, ignoreCase: true));
                break;
            default: sizes.Add(int.Parse(args[i], CultureInfo.InvariantCulture)); break;
        }
    }
    if (sizes.Count == 0) sizes.AddRange([1_000, 10_000]);
    if (precisions.Count == 0) precisions.Add(NetDsl.Definition.SimulationPrecision.Exact);
    Console.WriteLine($"# {ScalingRun.Machine()}");
    Console.WriteLine(ScalingRun.Header);
    foreach (int n in sizes)
    {
        foreach (var row in ScalingRun.Measure(n, duration, fanIn, scalar, threads, precisions, aggregate)) Console.WriteLine(row);
    }
    return 0;
}

// `spatial [N ...] [--within UM | --all-pairs]`: builds the distance-dependent network (SpatialBuild) per N, with a
// cutoff (300 um unless given) or with NetPyNE's all-pairs rule (reference-netpyne/spatial_build.py builds the same in NetPyNE).
if (args.Length > 0 && args[0] == "spatial")
{
    var sizes = new List<int>();
    double? within = 300;
    for (int i = 1; i < args.Length; i++)
    {
        if (args[i] == "--within") within = double.Parse(args[++i], CultureInfo.InvariantCulture);
        else if (args[i] == "--all-pairs") within = null;
        else sizes.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
    }
    if (sizes.Count == 0) sizes.AddRange([10_000, 100_000]);
    Console.WriteLine($"# {ScalingRun.Machine()}");
    Console.WriteLine(SpatialBuild.Header);
    foreach (int n in sizes) Console.WriteLine(SpatialBuild.Measure(n, within));
    return 0;
}

// `kernel N STEPS`: the fast soma kernel alone, ns per neuron-step in double and single precision.
if (args.Length > 0 && args[0] == "kernel")
{
    KernelProbe.Run(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture));
    return 0;
}

// `exact-kernel N STEPS ROUNDS`: the exact engine's vector soma step, the end pivot divided by an exact product and by a division, alternated.
if (args.Length > 0 && args[0] == "exact-kernel")
{
    ExactKernelProbe.Run(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(NetworkBenchmarks).Assembly).Run(args);
return 0;
