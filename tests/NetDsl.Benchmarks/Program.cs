using System.Globalization;
using BenchmarkDotNet.Running;
using NetDsl.Benchmarks;

// `scaling [N ...] [--threads T] [--duration MS] [--no-scalar] [--fan-in K]` builds the E/I model once per N and
// runs it as the scalar engine, the vector engine and the vector engine on T threads, printing one table row
// per variant (docs/performance.md). Anything else goes to BenchmarkDotNet (e.g. `--filter *NetworkBenchmarks*`).
if (args.Length > 0 && args[0] == "scaling")
{
    var sizes = new List<int>();
    int threads = 2;
    double duration = 1000;
    bool scalar = true;
    double fanIn = 100;
    for (int i = 1; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
            case "--duration": duration = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
            case "--no-scalar": scalar = false; break;
            case "--fan-in": fanIn = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
            default: sizes.Add(int.Parse(args[i], CultureInfo.InvariantCulture)); break;
        }
    }
    if (sizes.Count == 0) sizes.AddRange([1_000, 10_000]);
    Console.WriteLine($"# {ScalingRun.Machine()}");
    Console.WriteLine(ScalingRun.Header);
    foreach (int n in sizes)
    {
        foreach (var row in ScalingRun.Measure(n, duration, fanIn, scalar, threads)) Console.WriteLine(row);
    }
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(NetworkBenchmarks).Assembly).Run(args);
return 0;
