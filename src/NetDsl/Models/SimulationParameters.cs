using NetDsl.Definition;

namespace NetDsl.Models;

/// <summary>
/// The <c>sim</c> settings of a model (NetPyNE's simConfig), typed and checked, with NetPyNE's defaults from
/// <see cref="SimulationCatalog"/>; a generated model sets the values its file writes. Every generated model's
/// <c>Parameters.Sim</c> is one of these, and its paths <c>sim.*</c> are part of the model's parameter paths.
/// Property names are the names in files (<c>Sim.recordStep</c>, <c>Sim.v_init</c>).
/// </summary>
public sealed class SimulationParameters
{
    private double _duration = SimulationCatalog.Duration.Default;
    private double _dt = SimulationCatalog.Dt.Default;
    private double _recordStep = SimulationCatalog.RecordStep.Default;
    private double _v_init = SimulationCatalog.VInit.Default;
    private double _sizeX = SimulationCatalog.SizeX.Default;
    private double _sizeY = SimulationCatalog.SizeY.Default;
    private double _sizeZ = SimulationCatalog.SizeZ.Default;
    private SynapseStorage _synapses = Choices.Synapses.Default;
    private SimulationPrecision _precision = Choices.Precision.Default;
    private int _threads = (int)SimulationCatalog.Threads.Default;
    private double _celsius = SimulationCatalog.Celsius.Default;
    private double? _weightRecordStep;

    /// <summary><c>sim.duration</c>: simulated time (ms); it must be greater than 0.</summary>
    public double duration
    {
        get => _duration;
        set => _duration = Check(SimulationCatalog.Duration, value);
    }

    /// <summary><c>sim.dt</c>: time step (ms); it must be greater than 0.</summary>
    public double dt
    {
        get => _dt;
        set => _dt = Check(SimulationCatalog.Dt, value);
    }

    /// <summary><c>sim.recordStep</c>: sampling interval of traces (ms); it must be greater than 0.</summary>
    public double recordStep
    {
        get => _recordStep;
        set => _recordStep = Check(SimulationCatalog.RecordStep, value);
    }

    /// <summary><c>sim.v_init</c>: initial membrane potential (mV).</summary>
    public double v_init
    {
        get => _v_init;
        set => _v_init = Check(SimulationCatalog.VInit, value);
    }

    /// <summary><c>sim.sizeX</c>: network width (um); it must be greater than 0.</summary>
    public double sizeX
    {
        get => _sizeX;
        set => _sizeX = Check(SimulationCatalog.SizeX, value);
    }

    /// <summary><c>sim.sizeY</c>: network height (um); it must be greater than 0.</summary>
    public double sizeY
    {
        get => _sizeY;
        set => _sizeY = Check(SimulationCatalog.SizeY, value);
    }

    /// <summary><c>sim.sizeZ</c>: network depth (um); it must be greater than 0.</summary>
    public double sizeZ
    {
        get => _sizeZ;
        set => _sizeZ = Check(SimulationCatalog.SizeZ, value);
    }

    /// <summary><c>sim.synapses</c>: exact (one synapse per connection, NEURON's sums) or aggregated; by path also 2 or 1.</summary>
    public SynapseStorage synapses
    {
        get => _synapses;
        set => _synapses = Choices.Synapses.Check(SimulationCatalog.Synapses.Path, value);
    }

    /// <summary><c>sim.precision</c>: exact (NEURON's arithmetic), fast or single; by path also 1, 2 or 3.</summary>
    public SimulationPrecision precision
    {
        get => _precision;
        set => _precision = Choices.Precision.Check(SimulationCatalog.Precision.Path, value);
    }

    /// <summary><c>sim.threads</c>: worker threads of a run (1 to 256); spikes do not depend on it.</summary>
    public int threads
    {
        get => _threads;
        set => _threads = (int)Check(SimulationCatalog.Threads, value);
    }

    /// <summary><c>sim.celsius</c>: temperature (degC); hh's rates scale with 3^((celsius - 6.3)/10).</summary>
    public double celsius
    {
        get => _celsius;
        set => _celsius = Check(SimulationCatalog.Celsius, value);
    }

    /// <summary>
    /// <c>sim weightRecordStep=</c>: sampling interval of the weights of plastic connections (ms); it must be greater
    /// than 0. Null (the default): no samples, the initial and final weights are still kept.
    /// </summary>
    public double? weightRecordStep
    {
        get => _weightRecordStep;
        set => _weightRecordStep = value is { } step ? Check(SimulationCatalog.WeightRecordStep, step) : null;
    }

    /// <summary>
    /// The plastic rules whose weights the results hold (<c>record w of conn RULE, ...</c>), by label; null (the
    /// default) holds every plastic rule.
    /// </summary>
    public IReadOnlyList<string>? weightRecordRules { get; set; }

    /// <summary>
    /// <c>sim saveDataInclude=[...]</c>: what the data JSON holds, NetPyNE's part names (<see cref="SavedParts.Names"/>)
    /// or <c>all</c>; null (the default): every part, the connections up to a size.
    /// </summary>
    public IReadOnlyList<string>? saveDataInclude { get; set; }

    /// <summary>NetPyNE's four random seeds (cfg.seeds).</summary>
    public SeedParameters seeds { get; } = new();

    /// <summary>The settings for the engine.</summary>
    public SimulationSettings ToSettings() =>
        new(duration, dt, new Seeds(seeds.conn, seeds.stim, seeds.loc, seeds.cell), v_init, recordStep)
        {
            AggregateSynapses = synapses == SynapseStorage.Aggregated,
            Precision = precision,
            Threads = threads,
            Celsius = celsius,
            WeightRecordStep = weightRecordStep,
            WeightRecordRules = weightRecordRules is { } rules ? new RuleLabels([.. rules]) : null,
            SaveDataInclude = saveDataInclude is { } parts ? new DataParts([.. parts]) : null,
        };

    /// <summary>The paths <c>sim.*</c> in <see cref="SimulationCatalog"/> order, bound to these properties.</summary>
    internal ParameterPaths CreatePaths()
    {
        var paths = new ParameterPaths();
        paths.AddNumber(SimulationCatalog.Duration.Path, () => duration, value => duration = value);
        paths.AddNumber(SimulationCatalog.Dt.Path, () => dt, value => dt = value);
        paths.AddNumber(SimulationCatalog.RecordStep.Path, () => recordStep, value => recordStep = value);
        paths.AddNumber(SimulationCatalog.VInit.Path, () => v_init, value => v_init = value);
        paths.AddNumber(SimulationCatalog.SizeX.Path, () => sizeX, value => sizeX = value);
        paths.AddNumber(SimulationCatalog.SizeY.Path, () => sizeY, value => sizeY = value);
        paths.AddNumber(SimulationCatalog.SizeZ.Path, () => sizeZ, value => sizeZ = value);
        paths.AddChoice(SimulationCatalog.Synapses.Path, () => synapses, value => synapses = value, Choices.Synapses);
        paths.AddChoice(SimulationCatalog.Precision.Path, () => precision, value => precision = value, Choices.Precision);
        paths.AddWholeNumber(SimulationCatalog.Threads.Path, () => threads, value => threads = value);
        paths.AddNumber(SimulationCatalog.Celsius.Path, () => celsius, value => celsius = value);
        paths.AddWholeNumber(SimulationCatalog.SeedConn.Path, () => seeds.conn, value => seeds.conn = value);
        paths.AddWholeNumber(SimulationCatalog.SeedStim.Path, () => seeds.stim, value => seeds.stim = value);
        paths.AddWholeNumber(SimulationCatalog.SeedLoc.Path, () => seeds.loc, value => seeds.loc = value);
        paths.AddWholeNumber(SimulationCatalog.SeedCell.Path, () => seeds.cell, value => seeds.cell = value);
        return paths;
    }

    private static double Check(SettingInfo setting, double value) => ParameterGuard.Real(setting.Path, value, setting.Limits);
}

/// <summary>NetPyNE's four random seeds (<c>sim seeds(conn=, stim=, loc=, cell=)</c>), each 0 to 2147483647, 1 by default.</summary>
public sealed class SeedParameters
{
    private int _conn = 1, _stim = 1, _loc = 1, _cell = 1;

    /// <summary><c>sim.seeds.conn</c>: connectivity.</summary>
    public int conn
    {
        get => _conn;
        set => _conn = Check(SimulationCatalog.SeedConn, value);
    }

    /// <summary><c>sim.seeds.stim</c>: stimulus events.</summary>
    public int stim
    {
        get => _stim;
        set => _stim = Check(SimulationCatalog.SeedStim, value);
    }

    /// <summary><c>sim.seeds.loc</c>: cell positions.</summary>
    public int loc
    {
        get => _loc;
        set => _loc = Check(SimulationCatalog.SeedLoc, value);
    }

    /// <summary><c>sim.seeds.cell</c>: per-cell parameter draws.</summary>
    public int cell
    {
        get => _cell;
        set => _cell = Check(SimulationCatalog.SeedCell, value);
    }

    private static int Check(SettingInfo setting, int value) => ParameterGuard.Integer(setting.Path, value, setting.Limits);
}
