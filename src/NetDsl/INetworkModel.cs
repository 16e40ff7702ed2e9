using NetDsl.Definition;

namespace NetDsl;

/// <summary>
/// What every generated network class implements: its name, its editable parameters and the
/// <see cref="NetworkDefinition"/> they describe. Tools (the <c>netdsl</c> command, sweeps) use it to
/// change values by path and run any generated model.
/// </summary>
public interface INetworkModel
{
    /// <summary>The network name (the file's <c>network</c> statement, or the file name in PascalCase).</summary>
    string Name { get; }

    /// <summary>Every value of the file, editable by path.</summary>
    IModelParameters Parameters { get; }

    /// <summary>The network described by the current parameter values.</summary>
    NetworkDefinition ToDefinition();
}

/// <summary>Values of a model addressed by path, e.g. <c>cell.IZH.b</c>, <c>conn.IZH_exc->IZH_inh.p</c>, <c>sim.duration</c>.</summary>
public interface IModelParameters
{
    /// <summary>Every valid path, in file order.</summary>
    IReadOnlyList<string> Paths { get; }

    /// <summary>The current value at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">Unknown path; the message lists the valid ones.</exception>
    double Get(string path);

    /// <summary>Sets the value at <paramref name="path"/> (in the parameter's NetPyNE unit).</summary>
    /// <exception cref="ArgumentException">Unknown path (the message lists the valid ones) or a value out of range.</exception>
    void Set(string path, double value);

    /// <summary>
    /// Sets the value at <paramref name="path"/> from text: a name of a named choice (<c>Set("sim.precision", "fast")</c>,
    /// <c>Set("cell.IZH.celltype", "FS")</c>, names from <see cref="NetDsl.Models.NamedChoices"/>) or a number written
    /// in the invariant culture. The default implementation takes numbers only.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// Unknown path, a name that is not one of the choice's (the message lists them), a value that is not a number or
    /// a value out of range.
    /// </exception>
    void Set(string path, string value) => Set(path, NetDsl.Models.ParameterGuard.ParseNumber(path, value));
}
