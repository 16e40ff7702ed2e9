using System.Collections.Generic;
using System.Linq;
using NetDsl.Generators.Helpers;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit;

/// <summary>
/// Emits <c>ModelParameters</c>: one typed, validated property per value of the file (grouped by kind,
/// named as in the file) and the IModelParameters path API (<c>Get/Set("conn.E->I.p")</c>).
/// </summary>
internal static class ParametersEmitter
{
    public const string ClassName = "ModelParameters";
    public const string GuardClass = "ParameterGuard";

    private sealed record Entity(string Member, string Class, string Origin, EquatableArray<ParameterSpec> Parameters, string? Extra = null);

    private sealed record Group(string Property, string Class, string Summary, List<Entity> Entities);

    private static List<Group> Groups(NetworkSpec spec) => new()
    {
        new("Cells", "CellGroup", "Cell types: soma geometry, Izhi2007b or hh/pas parameters and spike threshold.",
            spec.Cells.Select(c => new Entity(c.Member, "Cell_" + c.Name, c.Origin,
                c.Geometry.Concat(c.Parameters).Concat(c.Mechs.SelectMany(m => m.Parameters)).Append(c.Threshold).ToEquatableArray())).ToList()),
        new("Pops", "PopulationGroup", "Population sizes.",
            spec.Populations.Select(p => new Entity(p.Member, "Population_" + p.Name, p.Origin, new[] { p.Count }.ToEquatableArray())).ToList()),
        new("Syns", "SynapseGroup", "Synapses: Exp2Syn tau1, tau2 or ExpSyn tau (ms), and reversal e (mV).",
            spec.Synapses.Select(s => new Entity(s.Member, "Synapse_" + s.Name, s.Origin, s.Parameters)).ToList()),
        new("Stims", "StimGroup", "Stimulus sources.",
            spec.StimSources.Select(s => new Entity(s.Member, "Stim_" + s.Name, s.Origin, s.Parameters,
                s.Kind == "VecStim" ? $"public {TypeRefs.ReadOnlyList}<double> times {{ get; set; }} = new double[] {{ {string.Join(", ", s.Times.Select(Literals.Number))} }};" : null)).ToList()),
        new("StimTargets", "StimTargetGroup", "Weights (uS) and delays (ms) of stimulus targets.",
            spec.StimTargets.Select(t => new Entity(t.Member, "StimTarget_" + t.Member, t.Origin, t.Parameters)).ToList()),
        new("Conns", "ConnectionGroup", "Connection rules: rule value, weight (uS) and delay (ms).",
            spec.Connections.Select(c => new Entity(c.Member, "Connection_" + c.Member, c.Origin, c.Parameters)).ToList()),
    };

    public static void Emit(CodeWriter w, NetworkSpec spec)
    {
        var groups = Groups(spec);
        var all = AllParameters(spec, groups).ToList();

        w.WriteLine("/// <summary>Every value of the file with its current setting; edit by property or by path.</summary>");
        w.OpenBlock($"public sealed class {ClassName} : {TypeRefs.IModelParameters}");
        foreach (var group in groups)
        {
            w.WriteLine($"/// <summary>{group.Summary}</summary>");
            w.WriteLine($"public {group.Class} {group.Property} {{ get; }} = new {group.Class}();");
            w.WriteLine();
        }
        w.WriteLine("/// <summary>Simulation settings (NetPyNE's simConfig).</summary>");
        w.WriteLine("public SimulationGroup Sim { get; } = new SimulationGroup();");
        w.WriteLine();

        w.WriteLine("private static readonly string[] AllPaths =");
        w.WriteLine("{");
        w.Indentation++;
        foreach (var (path, access, parameter) in all)
        {
            w.WriteLine(Literals.String(path) + ",");
            foreach (var (suffix, _, _) in SubPaths(parameter, access)) w.WriteLine(Literals.String(path + suffix) + ",");
        }
        w.Indentation--;
        w.WriteLine("};");
        w.WriteLine();
        w.WriteLine("/// <inheritdoc />");
        w.WriteLine($"public {TypeRefs.ReadOnlyList}<string> Paths => AllPaths;");
        w.WriteLine();
        EmitGet(w, all);
        w.WriteLine();
        EmitSet(w, all);
        w.WriteLine();
        w.WriteLine($"private static {TypeRefs.ArgumentException} UnknownPath(string path) =>");
        w.WriteLine($"    new {TypeRefs.ArgumentException}(\"Unknown parameter path '\" + path + \"'. Valid paths: \" + string.Join(\", \", AllPaths), nameof(path));");

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

        w.WriteLine();
        w.OpenBlock("public sealed class SimulationGroup");
        if (spec.Simulation.Origin is not null) w.WriteLine(Literals.Comment(spec.Simulation.Origin));
        EmitProperties(w, spec.Simulation.Settings);
        w.WriteLine();
        w.WriteLine("/// <summary>NetPyNE's four random seeds (cfg.seeds).</summary>");
        w.WriteLine("public SeedGroup seeds { get; } = new SeedGroup();");
        w.WriteLine();
        w.OpenBlock("public sealed class SeedGroup");
        EmitProperties(w, spec.Simulation.Seeds);
        w.CloseBlock();
        w.CloseBlock();
        w.CloseBlock();
    }

    /// <summary>(path, C# access expression, parameter) for every path, in file order.</summary>
    private static IEnumerable<(string Path, string Access, ParameterSpec Parameter)> AllParameters(NetworkSpec spec, List<Group> groups)
    {
        foreach (var group in groups)
        {
            foreach (var entity in group.Entities)
            {
                foreach (var parameter in entity.Parameters)
                {
                    yield return (parameter.Path, $"{group.Property}.{entity.Member}.{Identifiers.Member(parameter.Name)}", parameter);
                }
            }
        }
        foreach (var parameter in spec.Simulation.Settings)
        {
            yield return (parameter.Path, "Sim." + Identifiers.Member(parameter.Name), parameter);
        }
        foreach (var parameter in spec.Simulation.Seeds)
        {
            yield return (parameter.Path, "Sim.seeds." + Identifiers.Member(parameter.Name), parameter);
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
            w.WriteLine($"    set => {field} = {GuardClass}.{guard}({Literals.String(parameter.Path)}, value, {Literals.Number(parameter.Min)}, {Literals.Bool(parameter.MinInclusive)}, {Literals.Number(parameter.Max)}, {Literals.Bool(parameter.MaxInclusive)}, {Literals.String(parameter.RangeText)});");
            w.WriteLine("}");
        }
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>Sub-paths of a distribution as written: .mean/.variance for normal, .low/.high for uniform.</summary>
    private static (string Suffix, string Get, string Set)[] SubPaths(ParameterSpec parameter, string access) => parameter.Distribution switch
    {
        1 => new[]
        {
            (".mean", access + ".A", $"{access} = {access} with {{ A = value }};"),
            (".variance", access + ".B", $"{access} = {TypeRefs.ValueSpec}.Normal({access}.A, value);"),
        },
        2 => new[]
        {
            (".low", access + ".A", $"{access} = {TypeRefs.ValueSpec}.Uniform(value, {access}.B);"),
            (".high", access + ".B", $"{access} = {TypeRefs.ValueSpec}.Uniform({access}.A, value);"),
        },
        _ => new (string, string, string)[0],
    };

    private static void EmitGet(CodeWriter w, List<(string Path, string Access, ParameterSpec Parameter)> all)
    {
        w.WriteLine("/// <inheritdoc />");
        w.OpenBlock("public double Get(string path)");
        w.OpenBlock("switch (path)");
        foreach (var (path, access, parameter) in all)
        {
            // A distribution reads as its first number (mean, low); an expression has no one number.
            string value = parameter.Type == ParameterType.Distribution ? $"{GuardClass}.Number({Literals.String(path)}, {access})" : access;
            w.WriteLine($"case {Literals.String(path)}: return {value};");
            if (parameter.Type == ParameterType.Distribution)
            {
                foreach (var (suffix, get, _) in SubPaths(parameter, access))
                {
                    w.WriteLine($"case {Literals.String(path + suffix)}: return {get};");
                }
            }
        }
        w.WriteLine("default: throw UnknownPath(path);");
        w.CloseBlock();
        w.CloseBlock();
    }

    private static void EmitSet(CodeWriter w, List<(string Path, string Access, ParameterSpec Parameter)> all)
    {
        w.WriteLine("/// <inheritdoc />");
        w.OpenBlock("public void Set(string path, double value)");
        w.OpenBlock("switch (path)");
        foreach (var (path, access, parameter) in all)
        {
            string assign = parameter.Type switch
            {
                ParameterType.Integer => $"{access} = {GuardClass}.WholeNumber(path, value);",
                ParameterType.Distribution => $"{access} = {TypeRefs.ValueSpec}.Constant(value);",
                _ => $"{access} = value;",
            };
            w.WriteLine($"case {Literals.String(path)}: {assign} return;");
            if (parameter.Type == ParameterType.Distribution)
            {
                foreach (var (suffix, _, set) in SubPaths(parameter, access))
                {
                    w.WriteLine($"case {Literals.String(path + suffix)}: {set} return;");
                }
            }
        }
        w.WriteLine("default: throw UnknownPath(path);");
        w.CloseBlock();
        w.CloseBlock();
    }

    /// <summary>The file-local validation helpers the properties call.</summary>
    public static void EmitGuard(CodeWriter w)
    {
        w.WriteLine("/// <summary>Range checks shared by the parameter properties of this file.</summary>");
        w.OpenBlock($"file static class {GuardClass}");
        w.WriteLine($$"""
            public static double Real(string path, double value, double min, bool minInclusive, double max, bool maxInclusive, string range)
            {
                bool inRange = !double.IsNaN(value) && !double.IsInfinity(value) && (minInclusive ? value >= min : value > min) && (maxInclusive ? value <= max : value < max);
                if (!inRange)
                {
                    throw new {{TypeRefs.ArgumentOutOfRangeException}}(path, value, path + "=" + value.ToString("R", global::System.Globalization.CultureInfo.InvariantCulture) + " is out of range: " + range);
                }
                return value;
            }

            public static int Integer(string path, int value, double min, bool minInclusive, double max, bool maxInclusive, string range) =>
                (int)Real(path, value, min, minInclusive, max, maxInclusive, range);

            public static {{TypeRefs.ValueSpec}} Distribution(string path, {{TypeRefs.ValueSpec}} value, double min, bool minInclusive, double max, bool maxInclusive, string range)
            {
                switch (value.Kind)
                {
                    case {{TypeRefs.ValueKind}}.Constant:
                        Real(path, value.A, min, minInclusive, max, maxInclusive, range);
                        break;
                    case {{TypeRefs.ValueKind}}.Normal:
                        Real(path + ".variance", value.B, 0, true, double.PositiveInfinity, true, "a variance must be 0 or more");
                        break;
                    case {{TypeRefs.ValueKind}}.Uniform:
                        Real(path + ".high", value.B, value.A, true, double.PositiveInfinity, true, "uniform(low, high) needs low <= high");
                        break;
                }
                return value;
            }

            public static double Number(string path, {{TypeRefs.ValueSpec}} value) =>
                value.Kind == {{TypeRefs.ValueKind}}.Expression
                    ? throw new {{TypeRefs.InvalidOperationException}}(path + " is the expression '" + value + "', which has a value per cell; Set a number to replace it")
                    : value.A;

            public static int WholeNumber(string path, double value)
            {
                if (value != global::System.Math.Floor(value) || value < int.MinValue || value > int.MaxValue)
                {
                    throw new {{TypeRefs.ArgumentException}}(path + " must be a whole number, not " + value.ToString("R", global::System.Globalization.CultureInfo.InvariantCulture), nameof(value));
                }
                return (int)value;
            }
            """);
        w.CloseBlock();
    }
}
