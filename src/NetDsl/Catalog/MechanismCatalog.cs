// The one declaration of every mechanism NetDsl knows: its NetPyNE name, its parameters (quantity, default,
// range, named choices) and what can be recorded from it. The same file is compiled into the runtime
// (namespace NetDsl.Catalog) and into the source generator (NetDsl.Generators.Catalog), so the language's
// checks, the generated code, the runtime's validation and the NetPyNE JSON writer read the same table.
// It must stay plain C# that builds for netstandard2.0.
using System;
using System.Collections.Generic;

#if NETDSL_GENERATOR
namespace NetDsl.Generators.Catalog
#else
namespace NetDsl.Catalog
#endif
{
    /// <summary>What a mechanism is to a network.</summary>
    public enum MechanismRole
    {
        /// <summary>The soma's geometry (NetPyNE's <c>secs.soma.geom</c>).</summary>
        Geometry,
        /// <summary>A point process that is the cell model (NetPyNE's <c>secs.soma.pointps</c>): Izhi2007b.</summary>
        PointCell,
        /// <summary>A distributed membrane mechanism of the soma (NetPyNE's <c>secs.soma.mechs</c>): hh, pas.</summary>
        Density,
        /// <summary>A synapse (NetPyNE's <c>synMechParams</c>): Exp2Syn, ExpSyn.</summary>
        Synapse,
        /// <summary>A stimulus source (NetPyNE's <c>stimSourceParams</c>): NetStim, IClamp, VecStim.</summary>
        Stimulus,
    }

    /// <summary>The physical quantity of a parameter; a bare number means NetPyNE's (NEURON's) unit for it.</summary>
    public enum Quantity
    {
        /// <summary>A plain number.</summary>
        None,
        /// <summary>ms.</summary>
        Time,
        /// <summary>mV.</summary>
        Voltage,
        /// <summary>nA.</summary>
        Current,
        /// <summary>uS.</summary>
        Conductance,
        /// <summary>S/cm2 (a density mechanism's conductance per membrane area).</summary>
        ConductanceDensity,
        /// <summary>Hz.</summary>
        Frequency,
        /// <summary>um.</summary>
        Length,
        /// <summary>uF/cm2.</summary>
        SpecificCapacitance,
        /// <summary>ohm cm (axial resistivity).</summary>
        Resistivity,
        /// <summary>degC.</summary>
        Temperature,
    }

    /// <summary>A parameter: name in files and in NetPyNE, quantity, default, allowed range and named choices.</summary>
    public sealed class ParameterInfo
    {
        public ParameterInfo(string name, Quantity quantity, double @default, double min = double.NegativeInfinity,
            double max = double.PositiveInfinity, bool minExclusive = false, string[]? choices = null, string? description = null)
        {
            Name = name;
            Quantity = quantity;
            Default = @default;
            Min = min;
            Max = max;
            MinExclusive = minExclusive;
            Choices = choices ?? Array.Empty<string>();
            Description = description ?? string.Empty;
        }

        public string Name { get; }
        public Quantity Quantity { get; }
        public double Default { get; }
        public double Min { get; }
        public double Max { get; }
        /// <summary>True when <see cref="Min"/> itself is not allowed (e.g. a time constant must be &gt; 0).</summary>
        public bool MinExclusive { get; }
        /// <summary>Named values 1, 2, ... (Izhi2007b's celltype RS..RTN); empty when the value is a number.</summary>
        public IReadOnlyList<string> Choices { get; }
        public string Description { get; }

        public bool Allows(double value) =>
            !double.IsNaN(value) && (MinExclusive ? value > Min : value >= Min) && value <= Max;
    }

    /// <summary>One mechanism: its NetPyNE / NEURON name, role, parameters in declaration order and recordable variables.</summary>
    public sealed class MechanismInfo
    {
        public MechanismInfo(string name, MechanismRole role, ParameterInfo[] parameters, string[] recordables, string summary)
        {
            Name = name;
            Role = role;
            Parameters = parameters;
            Recordables = recordables;
            Summary = summary;
        }

        /// <summary>The name in <c>.netdsl</c> files, in NetPyNE (<c>'mod'</c>, <c>'type'</c> or the mechs key) and in NEURON.</summary>
        public string Name { get; }
        public MechanismRole Role { get; }
        public IReadOnlyList<ParameterInfo> Parameters { get; }
        /// <summary>State or assigned variables a <c>record</c> statement can name (besides the soma's v).</summary>
        public IReadOnlyList<string> Recordables { get; }
        public string Summary { get; }

        public ParameterInfo? Find(string name)
        {
            foreach (var parameter in Parameters)
            {
                if (parameter.Name == name) return parameter;
            }
            return null;
        }

        public int IndexOf(string name)
        {
            for (int i = 0; i < Parameters.Count; i++)
            {
                if (Parameters[i].Name == name) return i;
            }
            return -1;
        }
    }

    /// <summary>Every mechanism NetDsl runs, with NEURON's and NetPyNE's defaults.</summary>
    public static class MechanismCatalog
    {
        private const double Inf = double.PositiveInfinity;

        /// <summary>Izhikevich (2007) cell classes, celltype 1..7.</summary>
        public static readonly string[] IzhikevichCellTypes = { "RS", "IB", "CH", "LTS", "FS", "TC", "RTN" };

        /// <summary>NEURON's section defaults: diam 500 um, L 100 um, cm 1 uF/cm2, Ra 35.4 ohm cm.</summary>
        public static readonly MechanismInfo Geometry = new MechanismInfo("geom", MechanismRole.Geometry, new[]
        {
            new ParameterInfo("diam", Quantity.Length, 500, 0, Inf, minExclusive: true, description: "soma diameter"),
            new ParameterInfo("L", Quantity.Length, 100, 0, Inf, minExclusive: true, description: "soma length"),
            new ParameterInfo("cm", Quantity.SpecificCapacitance, 1, 0, Inf, minExclusive: true, description: "membrane capacitance"),
            new ParameterInfo("Ra", Quantity.Resistivity, 35.4, 0, Inf, minExclusive: true, description: "axial resistivity"),
        }, new string[0], "the soma geometry");

        /// <summary>izhi2007b.mod's PARAMETER block in declaration order (regular-spiking defaults).</summary>
        public const string Izhi2007bName = "Izhi2007b";

        public static readonly MechanismInfo Izhi2007b = new MechanismInfo(Izhi2007bName, MechanismRole.PointCell, new[]
        {
            new ParameterInfo("C", Quantity.None, 1, 0, Inf, minExclusive: true),
            new ParameterInfo("k", Quantity.None, 0.7),
            new ParameterInfo("vr", Quantity.Voltage, -60),
            new ParameterInfo("vt", Quantity.Voltage, -40),
            new ParameterInfo("vpeak", Quantity.Voltage, 35),
            new ParameterInfo("a", Quantity.None, 0.03),
            new ParameterInfo("b", Quantity.None, -2),
            new ParameterInfo("c", Quantity.Voltage, -50),
            new ParameterInfo("d", Quantity.None, 100),
            new ParameterInfo("Iin", Quantity.None, 0),
            new ParameterInfo("celltype", Quantity.None, 1, 1, 7, choices: IzhikevichCellTypes),
            new ParameterInfo("alive", Quantity.None, 1),
            new ParameterInfo("cellid", Quantity.None, -1),
        }, new[] { "u" }, "Izhikevich (2007) point-process soma");

        /// <summary>NEURON's built-in hh (Hodgkin-Huxley squid axon channels; ena 50 mV and ek -77 mV).</summary>
        public static readonly MechanismInfo Hh = new MechanismInfo("hh", MechanismRole.Density, new[]
        {
            new ParameterInfo("gnabar", Quantity.ConductanceDensity, 0.12, 0, Inf),
            new ParameterInfo("gkbar", Quantity.ConductanceDensity, 0.036, 0, Inf),
            new ParameterInfo("gl", Quantity.ConductanceDensity, 0.0003, 0, Inf),
            new ParameterInfo("el", Quantity.Voltage, -54.3),
        }, new[] { "m", "h", "n" }, "Hodgkin-Huxley sodium, potassium and leak channels");

        /// <summary>NEURON's built-in pas (passive leak).</summary>
        public static readonly MechanismInfo Pas = new MechanismInfo("pas", MechanismRole.Density, new[]
        {
            new ParameterInfo("g", Quantity.ConductanceDensity, 0.001, 0, Inf),
            new ParameterInfo("e", Quantity.Voltage, -70),
        }, new string[0], "passive leak");

        /// <summary>NEURON's Exp2Syn: rise tau1, decay tau2, reversal e.</summary>
        public static readonly MechanismInfo Exp2Syn = new MechanismInfo("Exp2Syn", MechanismRole.Synapse, new[]
        {
            new ParameterInfo("tau1", Quantity.Time, 0.1, 0, Inf, minExclusive: true),
            new ParameterInfo("tau2", Quantity.Time, 10, 0, Inf, minExclusive: true),
            new ParameterInfo("e", Quantity.Voltage, 0),
        }, new[] { "g" }, "double-exponential conductance synapse");

        /// <summary>NEURON's ExpSyn: one decay time constant tau, reversal e.</summary>
        public static readonly MechanismInfo ExpSyn = new MechanismInfo("ExpSyn", MechanismRole.Synapse, new[]
        {
            new ParameterInfo("tau", Quantity.Time, 0.1, 0, Inf, minExclusive: true),
            new ParameterInfo("e", Quantity.Voltage, 0),
        }, new[] { "g" }, "single-exponential conductance synapse");

        /// <summary>NetPyNE's NetStim defaults: start 0, number 1e9, noise 0; NEURON's interval 10 ms.</summary>
        public static readonly MechanismInfo NetStim = new MechanismInfo("NetStim", MechanismRole.Stimulus, new[]
        {
            new ParameterInfo("rate", Quantity.Frequency, 100, 0, Inf, minExclusive: true),
            new ParameterInfo("interval", Quantity.Time, 10, 0, Inf, minExclusive: true),
            new ParameterInfo("noise", Quantity.None, 0, 0, 1),
            new ParameterInfo("start", Quantity.Time, 0),
            new ParameterInfo("number", Quantity.None, 1e9, 0, Inf),
            new ParameterInfo("seed", Quantity.None, 1, 0, int.MaxValue),
        }, new string[0], "Poisson or regular spike source");

        public static readonly MechanismInfo IClamp = new MechanismInfo("IClamp", MechanismRole.Stimulus, new[]
        {
            new ParameterInfo("del", Quantity.Time, 0, 0, Inf),
            new ParameterInfo("dur", Quantity.Time, 0, 0, Inf),
            new ParameterInfo("amp", Quantity.Current, 0),
        }, new string[0], "current step");

        public static readonly MechanismInfo VecStim = new MechanismInfo("VecStim", MechanismRole.Stimulus, new[]
        {
            new ParameterInfo("times", Quantity.Time, 0, 0, Inf),
        }, new string[0], "spikes at given times");

        /// <summary>Every mechanism, in NEURON's mechanism-type order where it matters (currents are summed in it).</summary>
        public static readonly MechanismInfo[] All = { Geometry, Pas, IClamp, ExpSyn, Exp2Syn, Hh, Izhi2007b, NetStim, VecStim };

        /// <summary>The mechanisms of one role, in <see cref="All"/> order.</summary>
        public static MechanismInfo[] OfRole(MechanismRole role)
        {
            var list = new List<MechanismInfo>();
            foreach (var mechanism in All)
            {
                if (mechanism.Role == role) list.Add(mechanism);
            }
            return list.ToArray();
        }

        public static MechanismInfo? Find(string name)
        {
            foreach (var mechanism in All)
            {
                if (mechanism.Name == name) return mechanism;
            }
            return null;
        }

        /// <summary>NetPyNE's default temperature (hParams celsius); hh's rates scale with 3^((celsius - 6.3)/10).</summary>
        public const double DefaultCelsius = 6.3;
    }
}
