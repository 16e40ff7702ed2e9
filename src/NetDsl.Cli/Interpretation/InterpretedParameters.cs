using NetDsl.Generators.Model;
using NetDsl.Models;
using GeneratorCatalog = NetDsl.Generators.Catalog.SimulationCatalog;

namespace NetDsl.Cli.Interpretation;

/// <summary>
/// The parameters of a file without generated code: one <see cref="ParameterSlot"/> per value, bound to the same paths
/// in the same order as the generated <c>ModelParameters</c> (cells, populations, synapses, stimuli, stimulus targets,
/// connections, then <c>sim.*</c>), with the same checks and the sim settings the file changes.
/// </summary>
internal sealed class InterpretedParameters : NetworkParameters
{
    private readonly Dictionary<string, ParameterSlot> slots = new(StringComparer.Ordinal);

    public InterpretedParameters(NetworkSpec spec)
    {
        ApplySimulation(spec.Simulation);
        foreach (var cell in spec.Cells)
        {
            foreach (var parameter in cell.Geometry) Bind(parameter);
            foreach (var parameter in cell.Parameters) Bind(parameter);
            foreach (var mech in cell.Mechs)
            {
                foreach (var parameter in mech.Parameters) Bind(parameter);
            }
            Bind(cell.Threshold);
            foreach (var mech in cell.Mechs)
            {
                foreach (var parameter in mech.Parameters)
                {
                    // cell.PYR.hh.gnabar as NetPyNE's secs.soma.mechs.hh.gnabar; the flat cell.PYR.gnabar stays the listed path.
                    string prefix = parameter.Path.Substring(0, parameter.Path.Length - parameter.Name.Length);
                    AddAlias(prefix + mech.Name + "." + parameter.Name, parameter.Path);
                }
            }
        }
        foreach (var population in spec.Populations)
        {
            if (population.Count is not null) Bind(population.Count);
            if (population.Generator is not null) BindAll(population.Generator.Parameters);
        }
        foreach (var synapse in spec.Synapses) BindAll(synapse.Parameters);
        foreach (var stim in spec.StimSources) BindAll(stim.Parameters);
        foreach (var target in spec.StimTargets) BindAll(target.Parameters);
        foreach (var connection in spec.Connections) BindAll(connection.Parameters);
    }

    /// <summary>The slot of a parameter the file has.</summary>
    public ParameterSlot this[ParameterSpec parameter] => slots[parameter.Path];

    private void BindAll(IEnumerable<ParameterSpec> parameters)
    {
        foreach (var parameter in parameters) Bind(parameter);
    }

    private void Bind(ParameterSpec parameter)
    {
        var slot = new ParameterSlot(parameter);
        slots.Add(parameter.Path, slot);
        switch (parameter.Type)
        {
            case ParameterType.Distribution:
                var written = parameter.Distribution switch
                {
                    1 => Definition.ValueKind.Normal,
                    2 => Definition.ValueKind.Uniform,
                    _ => Definition.ValueKind.Constant,
                };
                AddDistribution(parameter.Path, () => slot.Distribution, value => slot.Distribution = value, written);
                break;
            case ParameterType.Integer when parameter.Choice is not null:
                AddChoice(parameter.Path, () => slot.Integer, value => slot.Integer = value, IntegerChoice(parameter.Choice));
                break;
            case ParameterType.Integer:
                AddWholeNumber(parameter.Path, () => slot.Integer, value => slot.Integer = value);
                break;
            default:
                AddNumber(parameter.Path, () => slot.Real, value => slot.Real = value);
                break;
        }
    }

    /// <summary>The whole-number choices a file's parameter can name (its Choice is the Choices member).</summary>
    private static Choice<int> IntegerChoice(string name) => name switch
    {
        nameof(Choices.CellType) => Choices.CellType,
        _ => throw new InvalidOperationException($"the choice set '{name}' has no whole-number form in the runtime"),
    };

    /// <summary>The sim settings whose values differ from the defaults, as the generated constructor sets them.</summary>
    private void ApplySimulation(SimulationSpec simulation)
    {
        foreach (var parameter in simulation.Settings)
        {
            var setting = GeneratorCatalog.Find(parameter.Name);
            if (setting is null || parameter.A.Equals(setting.Default)) continue;
            if (setting == GeneratorCatalog.WeightRecordStep) Sim.weightRecordStep = parameter.A;
            else Set(setting.Path, parameter.A);
        }
        foreach (var parameter in simulation.Seeds)
        {
            var setting = GeneratorCatalog.Find(parameter.Name, seed: true);
            if (setting is null || parameter.A.Equals(setting.Default)) continue;
            Set(setting.Path, parameter.A);
        }
        if (simulation.WeightRecordRules.Count > 0) Sim.weightRecordRules = [.. simulation.WeightRecordRules];
        if (simulation.SaveDataInclude.Count > 0) Sim.saveDataInclude = [.. simulation.SaveDataInclude];
    }
}
