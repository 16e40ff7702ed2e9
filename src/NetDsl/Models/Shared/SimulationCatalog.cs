// Shared with the source generator (linked into generators/NetDsl.Generators, namespace NetDsl.Generators.Catalog):
// the simulation settings of `sim` (NetPyNE's simConfig) with their paths, defaults and ranges. The language's `sim`
// table is built from it, and the runtime's NetDsl.Models.SimulationParameters (the `Sim` of every generated model)
// takes its defaults and checks from it, so a generated model only sets what its file changes. Plain C# that builds
// for netstandard2.0.
#if !NETDSL_GENERATOR
using NetDsl.Catalog;
#endif

#if NETDSL_GENERATOR
namespace NetDsl.Generators.Catalog
#else
namespace NetDsl.Models
#endif
{
    /// <summary>What kind of value a setting takes.</summary>
    public enum SettingKind
    {
        /// <summary>A number.</summary>
        Real,
        /// <summary>A whole number.</summary>
        Integer,
        /// <summary>One of the names of <see cref="SettingInfo.Choices"/>.</summary>
        Choice,
    }

    /// <summary>One simulation setting: its name in files, parameter path, quantity, kind, default and range.</summary>
    public sealed class SettingInfo
    {
        public SettingInfo(string name, string path, Quantity quantity, SettingKind kind, double @default, ValueLimits limits, string description, ChoiceSet? choices = null)
        {
            Name = name;
            Path = path;
            Quantity = quantity;
            Kind = kind;
            Default = @default;
            Limits = limits;
            Description = description;
            Choices = choices;
        }

        /// <summary>The name in <c>sim ...</c> (and the property of <c>Sim</c>), e.g. <c>recordStep</c>.</summary>
        public string Name { get; }

        /// <summary>The parameter path, e.g. <c>sim.recordStep</c>, <c>sim.seeds.conn</c>.</summary>
        public string Path { get; }

        public Quantity Quantity { get; }
        public SettingKind Kind { get; }

        /// <summary>NetPyNE's default; for a choice, the number of the default name.</summary>
        public double Default { get; }

        /// <summary>The allowed range; for a choice, the range of its numbers.</summary>
        public ValueLimits Limits { get; }

        public string Description { get; }

        /// <summary>The names of a <see cref="SettingKind.Choice"/> setting; null otherwise.</summary>
        public ChoiceSet? Choices { get; }
    }

    /// <summary>The settings of <c>sim</c>, with NetPyNE's defaults, in path order.</summary>
    public static class SimulationCatalog
    {
        public static readonly SettingInfo Duration = new SettingInfo("duration", "sim.duration", Quantity.Time, SettingKind.Real, 1000, ValueLimits.Positive, "simulated time (ms)");
        public static readonly SettingInfo Dt = new SettingInfo("dt", "sim.dt", Quantity.Time, SettingKind.Real, 0.025, ValueLimits.Positive, "time step (ms)");
        public static readonly SettingInfo RecordStep = new SettingInfo("recordStep", "sim.recordStep", Quantity.Time, SettingKind.Real, 0.1, ValueLimits.Positive, "sampling interval of traces (ms)");
        public static readonly SettingInfo VInit = new SettingInfo("v_init", "sim.v_init", Quantity.Voltage, SettingKind.Real, -65, ValueLimits.Any, "initial membrane potential (mV)");
        public static readonly SettingInfo SizeX = new SettingInfo("sizeX", "sim.sizeX", Quantity.Length, SettingKind.Real, 100, ValueLimits.Positive, "network width (um)");
        public static readonly SettingInfo SizeY = new SettingInfo("sizeY", "sim.sizeY", Quantity.Length, SettingKind.Real, 100, ValueLimits.Positive, "network height (um)");
        public static readonly SettingInfo SizeZ = new SettingInfo("sizeZ", "sim.sizeZ", Quantity.Length, SettingKind.Real, 100, ValueLimits.Positive, "network depth (um)");

        /// <summary>aggregated: one Exp2Syn state per (cell, synapse kind); exact (default): one per connection, NEURON's summation.</summary>
        public static readonly SettingInfo Synapses = Choice("synapses", NamedChoices.Synapses, "how synapse states are stored");

        /// <summary>exact (default): NEURON's operations bit for bit; fast: closed-form step in double; single: the same in float.</summary>
        public static readonly SettingInfo Precision = Choice("precision", NamedChoices.Precision, "the arithmetic of a run");

        /// <summary>Worker threads of a run (spikes do not depend on it); netdsl run --threads overrides it.</summary>
        public static readonly SettingInfo Threads = new SettingInfo("threads", "sim.threads", Quantity.None, SettingKind.Integer, 1, ValueLimits.Threads, "worker threads of a run");

        /// <summary>NEURON's celsius (NetPyNE's cfg.hParams): hh's rates scale with 3^((celsius - 6.3)/10).</summary>
        public static readonly SettingInfo Celsius = new SettingInfo("celsius", "sim.celsius", Quantity.Temperature, SettingKind.Real, MechanismCatalog.DefaultCelsius, ValueLimits.Celsius, "temperature (degC)");

        /// <summary>
        /// Sampling interval of the weights of plastic connections (ms; SimulationSettings.WeightRecordStep). The
        /// default 0 stands for "not set": no samples (initial and final weights are kept); a written value must be > 0.
        /// </summary>
        public static readonly SettingInfo WeightRecordStep = new SettingInfo("weightRecordStep", "sim.weightRecordStep", Quantity.Time, SettingKind.Real, 0, ValueLimits.Positive, "sampling interval of plastic weights (ms)");

        /// <summary>Every setting but the seeds, in path order.</summary>
        public static readonly SettingInfo[] Settings = { Duration, Dt, RecordStep, VInit, SizeX, SizeY, SizeZ, Synapses, Precision, Threads, Celsius, WeightRecordStep };

        public static readonly SettingInfo SeedConn = Seed("conn", "connectivity");
        public static readonly SettingInfo SeedStim = Seed("stim", "stimulus events");
        public static readonly SettingInfo SeedLoc = Seed("loc", "cell positions");
        public static readonly SettingInfo SeedCell = Seed("cell", "per-cell parameter draws");

        /// <summary>NetPyNE's four seeds (cfg.seeds), in path order.</summary>
        public static readonly SettingInfo[] Seeds = { SeedConn, SeedStim, SeedLoc, SeedCell };

        /// <summary>The setting (seeds included) with this name in <c>sim</c> (or in <c>seeds(...)</c> with <paramref name="seed"/>), or null.</summary>
        public static SettingInfo? Find(string name, bool seed = false)
        {
            foreach (var setting in seed ? Seeds : Settings)
            {
                if (setting.Name == name) return setting;
            }
            return null;
        }

        private static SettingInfo Choice(string name, ChoiceSet choices, string description) =>
            new SettingInfo(name, "sim." + name, Quantity.None, SettingKind.Choice, choices.Default.Number, choices.NumberLimits, description, choices);

        private static SettingInfo Seed(string name, string stream) =>
            new SettingInfo(name, "sim.seeds." + name, Quantity.None, SettingKind.Integer, 1, ValueLimits.Count, "random seed of the " + stream);
    }
}
