using System.Collections.Generic;
using System.Linq;
using NetDsl.Generators.Catalog;
using NetDsl.Generators.Helpers;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit;

/// <summary>
/// Emits <c>ModelParameters</c>: one typed, validated property per value of the file (grouped by kind, named as in
/// the file), the sim settings the file changes, and the table binding each parameter path to its property. The
/// path API (<c>Get/Set("conn.E->I.p")</c>, choice names, sub-paths of distributions), the checks and the sim
/// settings themselves are the runtime's (NetworkParameters, ParameterGuard, SimulationParameters).
/// </summary>
internal static class ParametersEmitter
{
    public const string ClassName = "ModelParameters";

    private sealed record Entity(string Member, string Class, string Origin, EquatableArray<ParameterSpec> Parameters, string? Extra = null,
        EquatableArray<MechanismSpec> Mechs = default);

    private sealed record Group(string Property, string Class, string Summary, List<Entity> Entities);

    private static List<Group> Groups(NetworkSpec spec) => new()
    {
        new("Cells", "CellGroup", "Cell types: soma geometry, Izhi2007b or hh/pas parameters and spike threshold.",
            Entities("CellGroup", "Cell_", spec.Cells.Select(c => (c.Member, new Entity(c.Member, string.Empty, c.Origin,
                c.Geometry.Concat(c.Parameters).Concat(c.Mechs.SelectMany(m => m.Parameters)).Append(c.Threshold).ToEquatableArray(),
                Mechs: c.Mechs))))),
        new("Pops", "PopulationGroup", spec.Populations.Any(p => p.Generator is not null) ? "Population sizes, and the parameters of spike-generator populations." : "Population sizes.",
            Entities("PopulationGroup", "Population_", spec.Populations.Select(p => (p.Member, new Entity(p.Member, string.Empty, p.Origin,
                (p.Count is null ? new ParameterSpec[0] : new[] { p.Count }).Concat(p.Generator?.Parameters ?? EquatableArray<ParameterSpec>.Empty).ToEquatableArray()))))),
        new("Syns", "SynapseGroup", "Synapses: Exp2Syn tau1, tau2 or ExpSyn tau (ms), and reversal e (mV).",
            Entities("SynapseGroup", "Synapse_", spec.Synapses.Select(s => (s.Member, new Entity(s.Member, string.Empty, s.Origin, s.Parameters))))),
        new("Stims", "StimGroup", "Stimulus sources.",
            Entities("StimGroup", "Stim_", spec.StimSources.Select(s => (s.Member, new Entity(s.Member, string.Empty, s.Origin, s.Parameters,
                s.Kind == "VecStim" ? $"public {TypeRefs.ReadOnlyList}<double> times {{ get; set; }} = new double[] {{ {string.Join(", ", s.Times.Select(Literals.Number))} }};" : null))))),
        new("StimTargets", "StimTargetGroup", "Weights (uS) and delays (ms) of stimulus targets.",
            Entities("StimTargetGroup", "StimTarget_", spec.StimTargets.Select(t => (t.Member, new Entity(t.Member, string.Empty, t.Origin, t.Parameters))))),
        new("Conns", "ConnectionGroup", "Connection rules: rule value, weight (uS) and delay (ms).",
            Entities("ConnectionGroup", "Connection_", spec.Connections.Select(c => (c.Member, new Entity(c.Member, string.Empty, c.Origin, c.Parameters))))),
    };

    /// <summary>
    /// The entities of a group with their class names: the prefix and the member (<c>Cell_RS</c>), with '_' appended
    /// while that would equal a property of the group (a cell named <c>Cell_RS</c>), another class or the group's own name.
    /// </summary>
    private static List<Entity> Entities(string groupClass, string prefix, IEnumerable<(string Member, Entity Entity)> items)
    {
        var list = items.ToList();
        var taken = new HashSet<string>(list.Select(i => i.Member.TrimStart('@')), System.StringComparer.Ordinal) { groupClass };
        var result = new List<Entity>();
        foreach (var (member, entity) in list)
        {
            string name = prefix + member.TrimStart('@');
            while (!taken.Add(name)) name += "_";
            result.Add(entity with { Class = name });
        }
        return result;
    }

    public static void Emit(CodeWriter w, NetworkSpec spec)
    {
        var groups = Groups(spec);

        w.WriteLine("/// <summary>Every value of the file with its current setting; edit by property or by path (<c>Sim</c>: the sim settings).</summary>");
        w.OpenBlock($"public sealed class {ClassName} : {TypeRefs.NetworkParameters}");
        w.WriteLine($"/// <summary>The values written in {spec.FileName}; the paths of its parameters in file order, then <c>sim.*</c>.</summary>");
        w.OpenBlock($"public {ClassName}()");
        if (EmitSimulation(w, spec.Simulation)) w.WriteLine();
        EmitPaths(w, groups);
        w.CloseBlock();
        foreach (var group in groups)
        {
            w.WriteLine();
            w.WriteLine($"/// <summary>{group.Summary}</summary>");
            w.WriteLine($"public {group.Class} {group.Property} {{ get; }} = new {group.Class}();");
        }

        foreach (var group in groups)
        {
            w.WriteLine();
            w.OpenBlock($"public sealed class {group.Class}");
            bool first = true;
            foreach (var entity in group.Entities)
            {
                if (!first) w.WriteLine();
                first = false;
                w.WriteLine(Literals.Comment(entity.Origin));
                w.WriteLine($"public {entity.Class} {entity.Member} {{ get; }} = new {entity.Class}();");
            }
            foreach (var entity in group.Entities)
            {
                w.WriteLine();
                w.OpenBlock($"public sealed class {entity.Class}");
                EmitProperties(w, entity.Parameters);
                if (entity.Extra is not null)
                {
                    if (entity.Parameters.Count > 0) w.WriteLine();
                    w.WriteLine(entity.Extra);
                }
                w.CloseBlock();
            }
            w.CloseBlock();
        }
        w.CloseBlock();
    }

    /// <summary>The sim settings whose values differ from the runtime's defaults (SimulationCatalog); false if none.</summary>
    private static bool EmitSimulation(CodeWriter w, SimulationSpec simulation)
    {
        var lines = new List<string>();
        string? fromRecord = null;
        foreach (var parameter in simulation.Settings)
        {
            var setting = SimulationCatalog.Find(parameter.Name);
            if (setting is null || parameter.A.Equals(setting.Default)) continue;
            string line = $"Sim.{Identifiers.Member(parameter.Name)} = {SettingValue(setting, parameter.A)};";
            if (setting == SimulationCatalog.WeightRecordStep && simulation.WeightRecordOrigin is not null) fromRecord = line;
            else lines.Add(line);
        }
        foreach (var parameter in simulation.Seeds)
        {
            var setting = SimulationCatalog.Find(parameter.Name, seed: true);
            if (setting is null || parameter.A.Equals(setting.Default)) continue;
            lines.Add($"Sim.seeds.{Identifiers.Member(parameter.Name)} = {Literals.Integer(parameter.A)};");
        }
        if (simulation.SaveDataInclude.Count > 0)
        {
            lines.Add($"Sim.saveDataInclude = new string[] {{ {string.Join(", ", simulation.SaveDataInclude.Select(Literals.String))} }};");
        }
        if (lines.Count == 0 && fromRecord is null && simulation.WeightRecordRules.Count == 0) return false;
        if (lines.Count > 0)
        {
            if (simulation.Origin is not null) w.WriteLine(Literals.Comment(simulation.Origin));
            foreach (string line in lines) w.WriteLine(line);
        }
        if (fromRecord is not null)
        {
            w.WriteLine(Literals.Comment(simulation.WeightRecordOrigin!));
            w.WriteLine(fromRecord);
        }
        if (simulation.WeightRecordRules.Count > 0)
        {
            if (simulation.WeightRulesOrigin != simulation.WeightRecordOrigin) w.WriteLine(Literals.Comment(simulation.WeightRulesOrigin!));
            w.WriteLine($"Sim.weightRecordRules = new string[] {{ {string.Join(", ", simulation.WeightRecordRules.Select(Literals.String))} }};");
        }
        return true;
    }

    /// <summary>A setting's value in its C# type: a named choice is its runtime enum member.</summary>
    private static string SettingValue(SettingInfo setting, double value)
    {
        if (setting.Kind == SettingKind.Choice && setting.Choices?.EnumType is string enumType)
        {
            return $"global::{enumType}.{setting.Choices.FindNumber(value)!.Member}";
        }
        return setting.Kind == SettingKind.Real ? Literals.Number(value) : Literals.Integer(value);
    }

    /// <summary>One line per parameter path, binding it to its property (and NetPyNE-style aliases of mechanism parameters).</summary>
    private static void EmitPaths(CodeWriter w, List<Group> groups)
    {
        if (groups.All(g => g.Entities.All(e => e.Parameters.Count == 0))) return;
        w.WriteLine("// Parameter paths (IModelParameters) bound to the properties below.");
        foreach (var group in groups)
        {
            foreach (var entity in group.Entities)
            {
                string holder = $"{group.Property}.{entity.Member}";
                foreach (var parameter in entity.Parameters)
                {
                    w.WriteLine(PathLine(parameter, $"{holder}.{Identifiers.Member(parameter.Name)}"));
                }
                foreach (var mech in entity.Mechs)
                {
                    foreach (var parameter in mech.Parameters)
                    {
                        // cell.PYR.hh.gnabar as NetPyNE's secs.soma.mechs.hh.gnabar; the flat cell.PYR.gnabar stays the listed path.
                        string prefix = parameter.Path.Substring(0, parameter.Path.Length - parameter.Name.Length);
                        w.WriteLine($"AddAlias({Literals.String(prefix + mech.Name + "." + parameter.Name)}, {Literals.String(parameter.Path)});");
                    }
                }
            }
        }
    }

    private static string PathLine(ParameterSpec parameter, string access)
    {
        string path = Literals.String(parameter.Path);
        string accessors = $"() => {access}, value => {access} = value";
        switch (parameter.Type)
        {
            case ParameterType.Distribution:
                string written = parameter.Distribution switch
                {
                    1 => $", {TypeRefs.ValueKind}.Normal",
                    2 => $", {TypeRefs.ValueKind}.Uniform",
                    _ => string.Empty,
                };
                return $"AddDistribution({path}, {accessors}{written});";
            case ParameterType.Integer when parameter.Choice is not null:
                return $"AddChoice({path}, {accessors}, {TypeRefs.Choices}.{parameter.Choice});";
            case ParameterType.Integer:
                return $"AddWholeNumber({path}, {accessors});";
            default:
                return $"AddNumber({path}, {accessors});";
        }
    }

    private static void EmitProperties(CodeWriter w, EquatableArray<ParameterSpec> parameters)
    {
        bool first = true;
        foreach (var parameter in parameters)
        {
            if (!first) w.WriteLine();
            first = false;
            string name = Identifiers.Member(parameter.Name);
            string field = "_" + parameter.Name;
            string type = Literals.TypeOf(parameter);
            string guard = parameter.Type switch
            {
                ParameterType.Integer => "Integer",
                ParameterType.Distribution => "Distribution",
                _ => "Real",
            };
            w.WriteLine($"private {type} {field} = {Literals.Value(parameter)};");
            w.WriteLine($"/// <summary><c>{parameter.Path}</c>; {Escape(parameter.RangeText)}.</summary>");
            w.WriteLine($"public {type} {name}");
            w.WriteLine("{");
            w.WriteLine($"    get => {field};");
            w.WriteLine($"    set => {field} = {TypeRefs.ParameterGuard}.{guard}({Literals.String(parameter.Path)}, value, {Limits(parameter)});");
            w.WriteLine("}");
        }
    }

    /// <summary>The shared range by name (ValueLimits.Positive, ...), or its bounds and sentence spelt out.</summary>
    private static string Limits(ParameterSpec parameter)
    {
        var named = ValueLimits.FindNamed(parameter.Min, parameter.MinInclusive, parameter.Max, parameter.MaxInclusive, parameter.RangeText);
        return named is not null
            ? $"{TypeRefs.ValueLimits}.{named.Name}"
            : $"{Literals.Number(parameter.Min)}, {Literals.Bool(parameter.MinInclusive)}, {Literals.Number(parameter.Max)}, {Literals.Bool(parameter.MaxInclusive)}, {Literals.String(parameter.RangeText)}";
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
