using System.Collections.Generic;
using System.Linq;
using NetDsl.Generators.Helpers;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit;

/// <summary>Emits the typed population handles: gid range and size of each population (the runtime's Population), from the current parameters.</summary>
internal static class PopulationEmitter
{
    /// <summary>Members of the handles and results classes (and their runtime base) that a population must not hide.</summary>
    private static readonly string[] Reserved =
    {
        "All", "Find", "CellCount", "PopulationHandles", "PopulationResults", "parameters",
        "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize", "ReferenceEquals",
    };

    /// <summary>
    /// The handles' property names, in population order: each population's member, with '_' appended while it would
    /// clash with a member of the handles or results classes or with another handle.
    /// </summary>
    public static string[] HandleNames(NetworkSpec spec)
    {
        var taken = new HashSet<string>(Reserved, System.StringComparer.Ordinal);
        var names = new string[spec.Populations.Count];
        int i = 0;
        foreach (var population in spec.Populations)
        {
            string name = population.Member.TrimStart('@');
            while (!taken.Add(name)) name += "_";
            names[i++] = Identifiers.Member(name);
        }
        return names;
    }

    /// <summary>The population's <c>new PopulationDefinition(...) { placement }</c>, its count read from <paramref name="parameters"/>.</summary>
    public static string Definition(PopulationSpec p, string parameters)
    {
        string count = p.Count is null ? "0" : $"{parameters}.Pops.{p.Member}.n";
        string text = p.Generator is { } generator
            // A spike-generator population (NetPyNE's cellModel NetStim or VecStim): its source reads the pop's parameters.
            ? $"{TypeRefs.PopulationDefinition}.{generator.Kind}({Literals.String(p.Name)}, {count}, " +
              DefinitionEmitter.Source(generator, $"{parameters}.Pops.{p.Member}", DefinitionEmitter.Times(generator.Times)) + ")"
            : $"new {TypeRefs.PopulationDefinition}({Literals.String(p.Name)}, {Literals.String(p.CellType)}, {count})";
        if (p.Placement.Count == 0) return text;
        var keys = new List<string>();
        foreach (var key in p.Placement)
        {
            var v = key.Values.ToArray();
            string property = key.Key switch
            {
                "xRange" => "XRange", "yRange" => "YRange", "zRange" => "ZRange",
                "xnormRange" => "XNormRange", "ynormRange" => "YNormRange", "znormRange" => "ZNormRange",
                "density" => "Density", "gridSpacing" => "GridSpacing", _ => "CellsList",
            };
            string value = key.Key switch
            {
                "density" or "gridSpacing" => Literals.Number(v[0]),
                "cellsList" => "new " + TypeRefs.CellLocation + "[] { " + string.Join(", ", Enumerable.Range(0, v.Length / 3)
                    .Select(i => $"new {TypeRefs.CellLocation}({Literals.Number(v[3 * i])}, {Literals.Number(v[3 * i + 1])}, {Literals.Number(v[3 * i + 2])})")) + " }",
                _ => $"new {TypeRefs.PlacementRange}({Literals.Number(v[0])}, {Literals.Number(v[1])})",
            };
            keys.Add($"{property} = {value}");
        }
        return text + (p.Generator is null ? " { " : " with { ") + string.Join(", ", keys) + " }";
    }

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
        var handles = HandleNames(spec);
        int index = 0;
        foreach (var pop in spec.Populations)
        {
            string handle = handles[index++];
            w.WriteLine();
            w.WriteLine(Literals.Comment(pop.Origin));
            // Sized by density, gridSpacing or cellsList: the runtime counts the cells in the current volume.
            string count = pop.Count is not null ? $"parameters.Pops.{pop.Member}.n"
                : $"{Definition(pop, "parameters")}.CellCount(parameters.Sim.sizeX, parameters.Sim.sizeY, parameters.Sim.sizeZ)";
            w.WriteLine($"public {TypeRefs.Population} {handle} => new {TypeRefs.Population}({Literals.String(pop.Name)}, {previous}, {count});");
            previous = handle + ".EndGid";
        }
        w.WriteLine();
        w.WriteLine("/// <summary>Number of cells in the network.</summary>");
        w.WriteLine($"public int CellCount => {previous};");
        w.WriteLine();
        w.WriteLine("/// <summary>Every population, in gid order.</summary>");
        w.WriteLine($"public {TypeRefs.ReadOnlyList}<{TypeRefs.Population}> All => new {TypeRefs.Population}[] {{ {string.Join(", ", handles)} }};");
        w.CloseBlock();
    }
}
