using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators.Semantics;

/// <summary>One rule of the language. A check reports what breaks its rule and never throws.</summary>
internal interface ISemanticCheck
{
    void Check(CheckContext context);
}

/// <summary>What a check sees: the bound network, and where to report.</summary>
internal sealed class CheckContext
{
    private readonly List<DiagnosticInfo> diagnostics;

    public CheckContext(BoundNetwork network, List<DiagnosticInfo> diagnostics)
    {
        Network = network;
        this.diagnostics = diagnostics;
    }

    public BoundNetwork Network { get; }

    public void Report(DiagnosticDescriptor descriptor, SourceSpan span, params string[] arguments) =>
        diagnostics.Add(DiagnosticInfo.Create(descriptor.Id, Network.File.Path, Network.File.Lines, span, arguments));

    /// <summary>1-based line of an offset, for messages such as "already declared on line 3".</summary>
    public string LineOf(SourceSpan span) => (Network.File.Lines.Position(span.Start).Line + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Every argument with a known parameter, converted, then every param's value; for the per-value checks.</summary>
    public IEnumerable<(BoundArgument Argument, ConvertedValue Value)> ConvertedArguments() =>
        Network.AllArguments()
            .SelectMany(args => args.Items)
            .Where(a => a.Def is not null)
            .Select(a => (a, ValueConverter.Convert(a.Node, a.Def!, Network.Names)))
            .Concat(Network.Names.CheckedParams);

    /// <summary>An argument converted with the file's named values.</summary>
    public ConvertedValue Convert(BoundArgument argument) => ValueConverter.Convert(argument.Node, argument.Def!, Network.Names);

    /// <summary>The simulation time step (file value or NetPyNE's 0.025 ms).</summary>
    public double Dt()
    {
        foreach (var arg in Network.SimArguments())
        {
            if (arg.Def?.Name == "dt")
            {
                var value = ValueConverter.Convert(arg.Node, arg.Def);
                if (value.Ok) return value.A;
            }
        }
        return 0.025;
    }

    /// <summary>Number of cells of a population as written, or null when it is not a valid count.</summary>
    public int? PopulationSize(string name)
    {
        var pop = Network.FindPopulation(name);
        if (pop is null) return null;
        if (pop.Count is null) return null; // density, gridSpacing, cellsList: known when the network is built
        double n = pop.Count.Value;
        return pop.Count.Unit is null && n >= 0 && n == System.Math.Floor(n) && n < int.MaxValue ? (int)n : null;
    }

    /// <summary>Cells selected by a target (all, populations, cell types), or null when unknown.</summary>
    public int? TargetSize(TargetNode target)
    {
        if (target.Conditions.Count > 0) return null; // known when the cells are placed

        var pops = target.All
            ? Network.Populations.Select(p => p.Name.Name).ToList()
            : target.Names.SelectMany(n => Network.FindPopulation(n.Name) is not null
                ? new[] { n.Name }
                : Network.Populations.Where(p => p.Cell.Name == n.Name).Select(p => p.Name.Name)).ToList();
        int total = 0;
        foreach (var pop in pops)
        {
            var size = PopulationSize(pop);
            if (size is null) return null;
            total += size.Value;
        }
        return total;
    }
}
