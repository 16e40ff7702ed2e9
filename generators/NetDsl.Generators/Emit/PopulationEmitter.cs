using System.Linq;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit;

/// <summary>Emits the typed population handles: gid range and size of each population, from the current parameters.</summary>
internal static class PopulationEmitter
{
    private static readonly string[] Reserved = { "All", "CellCount", "PopulationHandles", "PopulationResults", "Equals", "GetHashCode", "GetType", "ToString" };

    /// <summary>The handle's property name: the population name, with '_' appended if it would clash with a member.</summary>
    public static string HandleName(PopulationSpec population) =>
        Reserved.Contains(population.Member) ? population.Member + "_" : population.Member;

    public static void Emit(CodeWriter w, NetworkSpec spec)
    {
        w.WriteLine($$"""
            /// <summary>Cells of one population: gids FirstGid .. FirstGid + Count - 1 (NetPyNE numbers populations in file order).</summary>
            public readonly record struct Population(string Name, int FirstGid, int Count)
            {
                public int EndGid => FirstGid + Count;

                public bool Contains(int gid) => gid >= FirstGid && gid < FirstGid + Count;

                /// <summary>The gid of the cell at <paramref name="index"/> within the population.</summary>
                public int Gid(int index) =>
                    index >= 0 && index < Count ? FirstGid + index : throw new {{TypeRefs.ArgumentOutOfRangeException}}(nameof(index), index, Name + " has " + Count + " cells");
            }

            /// <summary>The populations, sized by the current parameters.</summary>
            public sealed class PopulationHandles
            {
                private readonly {{ParametersEmitter.ClassName}} parameters;

                internal PopulationHandles({{ParametersEmitter.ClassName}} parameters) => this.parameters = parameters;
            """);
        w.Indentation++;
        string previous = "0";
        foreach (var pop in spec.Populations)
        {
            w.WriteLine();
            w.WriteLine(Literals.Comment(pop.Origin));
            w.WriteLine($"public Population {HandleName(pop)} => new Population({Literals.String(pop.Name)}, {previous}, parameters.Pops.{pop.Member}.n);");
            previous = HandleName(pop) + ".EndGid";
        }
        w.WriteLine();
        w.WriteLine("/// <summary>Number of cells in the network.</summary>");
        w.WriteLine($"public int CellCount => {previous};");
        w.WriteLine();
        w.WriteLine("/// <summary>Every population, in gid order.</summary>");
        w.WriteLine($"public {TypeRefs.ReadOnlyList}<Population> All => new Population[] {{ {string.Join(", ", spec.Populations.Select(HandleName))} }};");
        w.CloseBlock();
    }
}
