// Shared with the source generator (linked into generators/NetDsl.Generators, namespace NetDsl.Generators.Catalog):
// the one table of named choices. The language checks and converts `sim precision=fast` with it, the generated code
// and the runtime's parameter paths accept the same names (`Set("sim.precision", "fast")`), and the netdsl command
// parses `--precision fast` and `--set sim.precision=fast` with it. Plain C# that builds for netstandard2.0.
using System;
using System.Collections.Generic;
using System.Globalization;
#if !NETDSL_GENERATOR
using NetDsl.Catalog;
#endif

#if NETDSL_GENERATOR
namespace NetDsl.Generators.Catalog
#else
namespace NetDsl.Models
#endif
{
    /// <summary>One value of a named choice.</summary>
    public sealed class ChoiceInfo
    {
        public ChoiceInfo(string name, int number, string member, string description)
        {
            Name = name;
            Number = number;
            Member = member;
            Description = description;
        }

        /// <summary>The name in <c>.netdsl</c> files, in parameter paths and on the command line, e.g. <c>fast</c>.</summary>
        public string Name { get; }

        /// <summary>
        /// The number that stands for it where a number is given (<c>--set sim.precision=2</c>, <c>celltype=5</c>,
        /// <c>Get("sim.precision")</c>): 1, 2, ... in table order.
        /// </summary>
        public int Number { get; }

        /// <summary>The member of the runtime enum (<see cref="ChoiceSet.EnumType"/>) it maps to; empty when the runtime takes the number.</summary>
        public string Member { get; }

        public string Description { get; }
    }

    /// <summary>The values a choice parameter takes, in number order, and the one it takes by default.</summary>
    public sealed class ChoiceSet
    {
        private readonly ChoiceInfo[] choices;

        public ChoiceSet(string parameter, string catalogName, string? enumType, string defaultName, params ChoiceInfo[] choices)
        {
            Parameter = parameter;
            CatalogName = catalogName;
            EnumType = enumType;
            this.choices = choices;
            var names = new string[choices.Length];
            for (int i = 0; i < choices.Length; i++)
            {
                if (choices[i].Number != i + 1) throw new ArgumentException("choice numbers run 1, 2, ... in table order", nameof(choices));
                names[i] = choices[i].Name;
            }
            Names = names;
            Default = Find(defaultName) ?? throw new ArgumentException("unknown default '" + defaultName + "'", nameof(defaultName));
        }

        /// <summary>The parameter's name in files, e.g. <c>precision</c>.</summary>
        public string Parameter { get; }

        /// <summary>The field of <see cref="NamedChoices"/> that holds this set (generated code names it).</summary>
        public string CatalogName { get; }

        /// <summary>The runtime enum the names map to (full name without <c>global::</c>), or null when the runtime takes the number (celltype).</summary>
        public string? EnumType { get; }

        public IReadOnlyList<ChoiceInfo> Choices => choices;

        /// <summary>The names in number order.</summary>
        public IReadOnlyList<string> Names { get; }

        public ChoiceInfo Default { get; }

        /// <summary>The choice with this name (case-sensitive, as in files), or null.</summary>
        public ChoiceInfo? Find(string name)
        {
            foreach (var choice in choices)
            {
                if (string.Equals(choice.Name, name, StringComparison.Ordinal)) return choice;
            }
            return null;
        }

        /// <summary>The choice with this number, or null.</summary>
        public ChoiceInfo? FindNumber(double number)
        {
            foreach (var choice in choices)
            {
                if (choice.Number == number) return choice;
            }
            return null;
        }

        /// <summary>The names as a sentence lists them: <c>exact, fast or single</c>.</summary>
        public string NameList => Join(false);

        /// <summary>The names with their numbers: <c>exact (1), fast (2) or single (3)</c>.</summary>
        public string NumberedList => Join(true);

        /// <summary>The range of the numbers, with the sentence an error gives.</summary>
        public ValueLimits NumberLimits => new ValueLimits(string.Empty, 1, true, choices.Length, true, Parameter + " must be " + NumberedList);

        private string Join(bool numbers)
        {
            var parts = new string[choices.Length];
            for (int i = 0; i < choices.Length; i++)
            {
                parts[i] = numbers ? choices[i].Name + " (" + choices[i].Number.ToString(CultureInfo.InvariantCulture) + ")" : choices[i].Name;
            }
            if (parts.Length <= 1) return string.Join(string.Empty, parts);
            return string.Join(", ", parts, 0, parts.Length - 1) + " or " + parts[parts.Length - 1];
        }
    }

    /// <summary>Every named choice of the language.</summary>
    public static class NamedChoices
    {
        /// <summary><c>sim precision=</c>: the arithmetic of a run (the runtime's <c>NetDsl.Definition.SimulationPrecision</c>).</summary>
        public static readonly ChoiceSet Precision = new ChoiceSet("precision", nameof(Precision), "NetDsl.Definition.SimulationPrecision", "exact",
            new ChoiceInfo("exact", 1, "Exact", "NEURON's operations in NEURON's order: spikes and voltages identical to NetPyNE on NEURON"),
            new ChoiceInfo("fast", 2, "Fast", "double precision, the closed-form step, vectorised; not bit-identical to NEURON"),
            new ChoiceInfo("single", 3, "Single", "the fast engine in single precision"));

        /// <summary><c>sim synapses=</c>: how synapse states are stored (the runtime's <c>NetDsl.Definition.SynapseStorage</c>).</summary>
        public static readonly ChoiceSet Synapses = new ChoiceSet("synapses", nameof(Synapses), "NetDsl.Definition.SynapseStorage", "exact",
            new ChoiceInfo("aggregated", 1, "Aggregated", "one synapse state per (cell, synapse kind), summing its connections"),
            new ChoiceInfo("exact", 2, "PerConnection", "one synapse per connection, summed in NEURON's order"));

        /// <summary>Izhi2007b's <c>celltype=</c>: the Izhikevich (2007) cell class; the runtime takes its number 1 to 7.</summary>
        public static readonly ChoiceSet CellType = new ChoiceSet("celltype", nameof(CellType), null, "RS", CellTypes());

        /// <summary><c>conn ... sampling=</c>: how the probability rule draws (the runtime's <c>NetDsl.Definition.ConnectionRuleKind</c>).</summary>
        public static readonly ChoiceSet Sampling = new ChoiceSet("sampling", nameof(Sampling), "NetDsl.Definition.ConnectionRuleKind", "exact",
            new ChoiceInfo("exact", 1, "Probability", "one draw per pair in NetPyNE's order: NetPyNE's connections"),
            new ChoiceInfo("fast", 2, "FastProbability", "geometric skips, O(connections): same statistics, other connections"));

        /// <summary>Every set, in this order.</summary>
        public static readonly ChoiceSet[] All = { Precision, Synapses, CellType, Sampling };

        /// <summary>The set of the parameter named <paramref name="parameter"/> (e.g. <c>precision</c>), or null.</summary>
        public static ChoiceSet? Find(string parameter)
        {
            foreach (var set in All)
            {
                if (string.Equals(set.Parameter, parameter, StringComparison.Ordinal)) return set;
            }
            return null;
        }

        /// <summary>
        /// The set a parameter path takes names from: <c>sim.precision</c>, <c>sim.synapses</c>,
        /// <c>cell.&lt;cell&gt;.celltype</c>; null for a path of numbers.
        /// </summary>
        public static ChoiceSet? ForPath(string path)
        {
            if (string.Equals(path, "sim." + Precision.Parameter, StringComparison.Ordinal)) return Precision;
            if (string.Equals(path, "sim." + Synapses.Parameter, StringComparison.Ordinal)) return Synapses;
            if (path.StartsWith("cell.", StringComparison.Ordinal) && path.EndsWith("." + CellType.Parameter, StringComparison.Ordinal)) return CellType;
            return null;
        }

        private static ChoiceInfo[] CellTypes()
        {
            string[] descriptions =
            {
                "regular spiking", "intrinsically bursting", "chattering", "low-threshold spiking", "fast spiking",
                "thalamocortical", "reticular thalamic nucleus",
            };
            var names = MechanismCatalog.IzhikevichCellTypes;
            var choices = new ChoiceInfo[names.Length];
            for (int i = 0; i < names.Length; i++)
            {
                choices[i] = new ChoiceInfo(names[i], i + 1, string.Empty, i < descriptions.Length ? descriptions[i] : string.Empty);
            }
            return choices;
        }
    }
}
