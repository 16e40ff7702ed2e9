using System.Linq;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit;

/// <summary>
/// Emits <c>Build()</c>, <c>Run()</c> and the typed result (spikes, traces and rates per population),
/// which call the engine (global::NetDsl.Simulation.NetworkBuilder).
/// </summary>
internal static class ResultEmitter
{
    public static void Emit(CodeWriter w, NetworkSpec spec)
    {
        w.WriteLine($$"""
            /// <summary>Builds the network (cells, connections, stimuli) for stepping with its simulator.</summary>
            public {{TypeRefs.Network}} Build() => {{TypeRefs.NetworkBuilder}}.Build(ToDefinition());

            /// <summary>Builds and runs the network for the simulation duration.</summary>
            public Result Run({{TypeRefs.RunOptions}}? options = null) => new Result(Build().Run(options));

            /// <summary>What a run produced, with typed access per population.</summary>
            public sealed class Result
            {
                internal Result({{TypeRefs.SimulationResult}} raw)
                {
                    Raw = raw;
                    Populations = new PopulationResults(raw);
                }

                /// <summary>The engine's result: every spike, trace, cell and connection.</summary>
                public {{TypeRefs.SimulationResult}} Raw { get; }

                public PopulationResults Populations { get; }

                /// <summary>Spike times (ms), sorted by (time, gid) as NetPyNE gathers them.</summary>
                public double[] SpikeTimes => Raw.SpikeTimes;

                public int[] SpikeGids => Raw.SpikeGids;

                /// <summary>Sample times (ms) of every trace.</summary>
                public double[] TraceTimes => Raw.TraceTimes;

                /// <summary>Mean firing rate over all cells (Hz).</summary>
                public double AverageRate => Raw.AverageRate;
            }

            /// <summary>Spikes, traces and mean rate of one population.</summary>
            public sealed class PopulationResult
            {
                internal PopulationResult({{TypeRefs.SimulationResult}} raw, string name)
                {
                    int first = 0, count = 0;
                    foreach (var info in raw.Populations)
                    {
                        if (info.Name == name)
                        {
                            first = info.FirstGid;
                            count = info.Count;
                        }
                    }
                    Cells = new Population(name, first, count);
                    var times = new {{TypeRefs.List}}<double>();
                    var gids = new {{TypeRefs.List}}<int>();
                    for (int i = 0; i < raw.SpikeGids.Length; i++)
                    {
                        if (Cells.Contains(raw.SpikeGids[i]))
                        {
                            times.Add(raw.SpikeTimes[i]);
                            gids.Add(raw.SpikeGids[i]);
                        }
                    }
                    SpikeTimes = times.ToArray();
                    SpikeGids = gids.ToArray();
                    double seconds = raw.SimulatedTime / 1000.0;
                    RateHz = count == 0 || seconds <= 0 ? 0 : SpikeTimes.Length / (double)count / seconds;
                    var traces = new {{TypeRefs.List}}<{{TypeRefs.TraceRecord}}>();
                    foreach (var trace in raw.Traces)
                    {
                        if (Cells.Contains(trace.Gid)) traces.Add(trace);
                    }
                    Traces = traces;
                }

                public string Name => Cells.Name;

                /// <summary>The population's gid range in this run.</summary>
                public Population Cells { get; }

                public double[] SpikeTimes { get; }

                public int[] SpikeGids { get; }

                /// <summary>Mean firing rate (spikes per cell per second of simulated time).</summary>
                public double RateHz { get; }

                public {{TypeRefs.ReadOnlyList}}<{{TypeRefs.TraceRecord}}> Traces { get; }

                /// <summary>The trace <paramref name="name"/> of the cell at <paramref name="index"/> in the population, if recorded.</summary>
                public {{TypeRefs.TraceRecord}}? Trace(string name, int index)
                {
                    int gid = Cells.Gid(index);
                    foreach (var trace in Traces)
                    {
                        if (trace.Gid == gid && trace.Name == name) return trace;
                    }
                    return null;
                }
            }

            /// <summary>Results per population.</summary>
            public sealed class PopulationResults
            {
                internal PopulationResults({{TypeRefs.SimulationResult}} raw)
                {
            """);
        w.Indentation += 2;
        foreach (var pop in spec.Populations)
        {
            w.WriteLine($"{PopulationEmitter.HandleName(pop)} = new PopulationResult(raw, {Literals.String(pop.Name)});");
        }
        w.Indentation--;
        w.WriteLine("}");
        foreach (var pop in spec.Populations)
        {
            w.WriteLine();
            w.WriteLine($"public PopulationResult {PopulationEmitter.HandleName(pop)} {{ get; }}");
        }
        w.WriteLine();
        w.WriteLine($"public {TypeRefs.ReadOnlyList}<PopulationResult> All => new PopulationResult[] {{ {string.Join(", ", spec.Populations.Select(PopulationEmitter.HandleName))} }};");
        w.CloseBlock();
    }
}
