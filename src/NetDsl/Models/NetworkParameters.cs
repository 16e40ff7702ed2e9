using NetDsl.Definition;

namespace NetDsl.Models;

/// <summary>
/// The base of every generated <c>ModelParameters</c>: the typed <see cref="Sim"/> settings and the path API of
/// <see cref="IModelParameters"/> over the paths the model adds (its cells, populations, synapses, stimuli and
/// connections, in file order) followed by <c>sim.*</c>. Choices take their names (<c>Set("sim.precision", "fast")</c>)
/// or their numbers.
/// </summary>
public abstract class NetworkParameters : IModelParameters
{
    private readonly ParameterPaths model = new();
    private readonly ParameterPaths simulation;
    private string[]? paths;

    protected NetworkParameters()
    {
        Sim = new SimulationParameters();
        simulation = Sim.CreatePaths();
    }

    /// <summary>Simulation settings (NetPyNE's simConfig).</summary>
    public SimulationParameters Sim { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Paths => paths ??= [.. model.List, .. simulation.List];

    /// <inheritdoc />
    public double Get(string path) =>
        model.TryGet(path, out double value) || simulation.TryGet(path, out value) ? value : throw UnknownPath(path);

    /// <inheritdoc />
    public void Set(string path, double value)
    {
        if (!model.TrySet(path, value) && !simulation.TrySet(path, value)) throw UnknownPath(path);
    }

    /// <inheritdoc />
    public void Set(string path, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!model.TrySet(path, value) && !simulation.TrySet(path, value)) throw UnknownPath(path);
    }

    /// <summary>Adds a number path (see <see cref="ParameterPaths.AddNumber"/>).</summary>
    protected void AddNumber(string path, Func<double> get, Action<double> set) => Added(() => model.AddNumber(path, get, set));

    /// <summary>Adds a whole-number path (see <see cref="ParameterPaths.AddWholeNumber"/>).</summary>
    protected void AddWholeNumber(string path, Func<int> get, Action<int> set) => Added(() => model.AddWholeNumber(path, get, set));

    /// <summary>Adds a per-cell or per-connection value and the sub-paths of what the file wrote (see <see cref="ParameterPaths.AddDistribution"/>).</summary>
    protected void AddDistribution(string path, Func<ValueSpec> get, Action<ValueSpec> set, ValueKind written = ValueKind.Constant) =>
        Added(() => model.AddDistribution(path, get, set, written));

    /// <summary>Adds a named choice (see <see cref="ParameterPaths.AddChoice"/>).</summary>
    protected void AddChoice<T>(string path, Func<T> get, Action<T> set, Choice<T> choice)
        where T : struct => Added(() => model.AddChoice(path, get, set, choice));

    /// <summary>Adds another name for a path and its sub-paths (see <see cref="ParameterPaths.AddAlias"/>).</summary>
    protected void AddAlias(string alias, string path) => Added(() => model.AddAlias(alias, path));

    private void Added(Action add)
    {
        add();
        paths = null;
    }

    private ArgumentException UnknownPath(string path) =>
        new("Unknown parameter path '" + path + "'. Valid paths: " + string.Join(", ", Paths), nameof(path));
}
