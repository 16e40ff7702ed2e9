// Shared with the source generator (linked into generators/NetDsl.Generators, namespace NetDsl.Generators.Catalog):
// the allowed ranges of the language's values, with the sentence an error gives, so a check at build time, a check
// of the generated properties and a check of the runtime's simulation settings read one table. Plain C# that builds
// for netstandard2.0.
using System;

#if NETDSL_GENERATOR
namespace NetDsl.Generators.Catalog
#else
namespace NetDsl.Models
#endif
{
    /// <summary>
    /// An allowed range of a parameter: <see cref="Min"/> to <see cref="Max"/>, each bound included or not, and the
    /// sentence an out-of-range error gives (<see cref="Description"/>). NaN and infinities are never inside.
    /// </summary>
    public sealed class ValueLimits
    {
        public ValueLimits(string name, double min, bool minInclusive, double max, bool maxInclusive, string description)
        {
            Name = name;
            Min = min;
            MinInclusive = minInclusive;
            Max = max;
            MaxInclusive = maxInclusive;
            Description = description;
        }

        /// <summary>The name of a shared range (its field here), or empty for a one-off range.</summary>
        public string Name { get; }
        public double Min { get; }
        public bool MinInclusive { get; }
        public double Max { get; }
        public bool MaxInclusive { get; }

        /// <summary>What an out-of-range message says, e.g. "it must be greater than 0".</summary>
        public string Description { get; }

        /// <summary>Whether <paramref name="value"/> is a finite number inside the range.</summary>
        public bool Contains(double value) =>
            !double.IsNaN(value) && !double.IsInfinity(value)
            && (MinInclusive ? value >= Min : value > Min)
            && (MaxInclusive ? value <= Max : value < Max);

        /// <summary>Whether this range has the same bounds and sentence as the given one.</summary>
        public bool SameAs(double min, bool minInclusive, double max, bool maxInclusive, string description) =>
            Min.Equals(min) && MinInclusive == minInclusive && Max.Equals(max) && MaxInclusive == maxInclusive
            && string.Equals(Description, description, StringComparison.Ordinal);

        /// <summary>Any finite number.</summary>
        public static readonly ValueLimits Any = new ValueLimits(nameof(Any), double.NegativeInfinity, true, double.PositiveInfinity, true, "any value");

        /// <summary>A number above 0 (time constants, dt, sizes, rates).</summary>
        public static readonly ValueLimits Positive = new ValueLimits(nameof(Positive), 0, false, double.PositiveInfinity, true, "it must be greater than 0");

        /// <summary>0 or more (delays, conductance densities, counts of events).</summary>
        public static readonly ValueLimits NonNegative = new ValueLimits(nameof(NonNegative), 0, true, double.PositiveInfinity, true, "it must be 0 or more");

        /// <summary>A connection probability.</summary>
        public static readonly ValueLimits Probability = new ValueLimits(nameof(Probability), 0, true, 1, true, "a probability must be between 0 and 1");

        /// <summary>NetStim's noise: 0 regular, 1 Poisson.</summary>
        public static readonly ValueLimits Fraction = new ValueLimits(nameof(Fraction), 0, true, 1, true, "it must be between 0 (regular) and 1 (Poisson)");

        /// <summary>A whole number that fits an int and is not negative (seeds, convergence, divergence).</summary>
        public static readonly ValueLimits Count = new ValueLimits(nameof(Count), 0, true, int.MaxValue, true, "it must be a whole number from 0 to 2147483647");

        /// <summary>The number of cells of a population.</summary>
        public static readonly ValueLimits PopulationSize = new ValueLimits(nameof(PopulationSize), 0, true, 10000000, true, "a population has 0 to 10000000 cells");

        /// <summary>Izhi2007b's celltype as a number (the names are <see cref="NamedChoices.CellType"/>).</summary>
        public static readonly ValueLimits CellType = new ValueLimits(nameof(CellType), 1, true, 7, true, "celltype must be 1 to 7 (RS IB CH LTS FS TC RTN)");

        /// <summary>Worker threads of a run.</summary>
        public static readonly ValueLimits Threads = new ValueLimits(nameof(Threads), 1, true, 256, true, "threads must be a whole number from 1 to 256");

        /// <summary>NEURON's celsius.</summary>
        public static readonly ValueLimits Celsius = new ValueLimits(nameof(Celsius), -273.15, false, double.PositiveInfinity, true, "it must be above absolute zero (-273.15 degC)");

        /// <summary>Every shared range, so generated code can name one instead of spelling its bounds.</summary>
        public static readonly ValueLimits[] Named = { Any, Positive, NonNegative, Probability, Fraction, Count, PopulationSize, CellType, Threads, Celsius };

        /// <summary>The shared range with these bounds and sentence, or null.</summary>
        public static ValueLimits? FindNamed(double min, bool minInclusive, double max, bool maxInclusive, string description)
        {
            foreach (var limits in Named)
            {
                if (limits.SameAs(min, minInclusive, max, maxInclusive, description)) return limits;
            }
            return null;
        }
    }
}
