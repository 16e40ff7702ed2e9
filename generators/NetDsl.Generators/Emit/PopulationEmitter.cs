using System.Linq;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit;

/// <summary>Emits the typed population handles: gid range and size of each population (the runtime's Population), from the current parameters.</summary>
internal static class PopulationEmitter
{
    /// <summary>Members of the handles and results classes (and their runtime base) that a population must not hide.</summary>
    private static readonly string[] Reserved = { "All", "Find", "CellCount", "PopulationHandles", "PopulationResults", "Equals", "GetHashCode", "GetType", "ToString" };

    /// <summary>The handle's property name: the population name, with '_' appended if it would clash with a member.</summary>
    public static string HandleName(PopulationSpec population) =>
        Reserved.Contains(population.Member) ? population.Member + "_" : population.Member;

    public static void Emit(CodeWriter w, NetworkSpec spec)
    {
        w.WriteLine($$"""
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
            w.WriteLine($"public {TypeRefs.Population} {HandleName(pop)} => new {TypeRefs.Population}({Literals.String(pop.Name)}, {previous}, parameters.Pops.{pop.Member}.n);");
            previous = HandleName(pop) + ".EndGid";
        }
        w.WriteLine();
        w.WriteLine("/// <summary>Number of cells in the network.</summary>");
        w.WriteLine($"public int CellCount => {previous};");
        w.WriteLine();
        w.WriteLine("/// <summary>Every population, in gid order.</summary>");
        w.WriteLine($"public {TypeRefs.ReadOnlyList}<{TypeRefs.Population}> All => new {TypeRefs.Population}[] {{ {string.Join(", ", spec.Populations.Select(HandleName))} }};");
        w.CloseBlock();
    }
}
