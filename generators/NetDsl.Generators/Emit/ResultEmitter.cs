using System.Linq;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit;

/// <summary>
/// Emits <c>Build()</c>, <c>Run()</c> and the typed result: a <c>Result</c> over the runtime's NetworkResult and a
/// <c>PopulationResults</c> with one property per population of the file (the splitting of spikes, traces and rates
/// is the runtime's PopulationResult).
/// </summary>
internal static class ResultEmitter
{
    public static void Emit(CodeWriter w, NetworkSpec spec)
    {
        string names = string.Concat(spec.Populations.Select(p => ", " + Literals.String(p.Name)));
        w.WriteLine($$"""
            /// <summary>Builds the network (cells, connections, stimuli) for stepping with its simulator.</summary>
            public {{TypeRefs.Network}} Build() => {{TypeRefs.NetworkBuilder}}.Build(ToDefinition());

            /// <summary>Builds and runs the network for the simulation duration.</summary>
            public Result Run({{TypeRefs.RunOptions}}? options = null) => new Result(Build().Run(options));

            /// <summary>What a run produced: the engine's result and, in <c>Populations</c>, spikes, traces and rates per population.</summary>
            public sealed class Result : {{TypeRefs.NetworkResult}}<PopulationResults>
            {
                internal Result({{TypeRefs.SimulationResult}} raw)
                    : base(raw, new PopulationResults(raw))
                {
                }
            }

            /// <summary>Results per population, named as in the file.</summary>
            public sealed class PopulationResults : {{TypeRefs.PopulationResultSet}}
            {
                internal PopulationResults({{TypeRefs.SimulationResult}} raw)
                    : base(raw{{names}})
                {
                }
            """);
        w.Indentation++;
        int index = 0;
        var handles = PopulationEmitter.HandleNames(spec);
        foreach (var pop in spec.Populations)
        {
            w.WriteLine();
            w.WriteLine(Literals.Comment(pop.Origin));
            w.WriteLine($"public {TypeRefs.PopulationResult} {handles[index]} => All[{index}];");
            index++;
        }
        w.CloseBlock();
    }
}
