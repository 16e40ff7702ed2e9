using System.Globalization;
using System.Text;
using System.Text.Json;
using NetDsl.Catalog;

namespace NetDsl.Cli.Import;

/// <summary>The .netdsl text of an imported model and the NetPyNE keys it could not translate.</summary>
public sealed record ImportResult(string Text, IReadOnlyList<string> Untranslated);

/// <summary>
/// Translates NetPyNE 1.1.0's <c>netParams</c> (and a saved-data file's <c>simConfig</c>) into a .netdsl file, the
/// inverse of <c>netdsl export netpyne</c> for everything the language has. Numbers get NetPyNE's units written out
/// (<c>10um</c>, <c>5ms</c>), so their values stay exactly NetPyNE's; string functions become expressions
/// (<see cref="ExpressionTranslator"/>). Whatever has no NetDsl form becomes a <c># not translated:</c> comment naming
/// the key and why, and what depends on it (a population of an untranslated cell) is left out the same way.
/// </summary>
public sealed class NetPyneImporter
{
    private const string NotTranslated = "# not translated: ";

    /// <summary>netParams keys with NetPyNE's defaults; another value is said in a comment (or, for some, applied).</summary>
    private static readonly Dictionary<string, string> NetParamsDefaults = new()
    {
        ["scale"] = "1", ["shape"] = "\"cuboid\"", ["rotateCellsRandomly"] = "false", ["defineCellShapes"] = "false",
        ["correctBorder"] = "false", ["cellsVisualizationSpacingMultiplier"] = "[1,1,1]", ["scaleConnWeight"] = "1",
        ["scaleConnWeightNetStims"] = "1", ["scaleConnWeightModels"] = "false", ["mapping"] = "{}", ["subConnParams"] = "{}",
        ["rxdParams"] = "{}", ["popTagsCopiedToCells"] = "[\"cellModel\",\"cellType\"]",
    };

    /// <summary>netParams keys read elsewhere (not params).</summary>
    private static readonly HashSet<string> NetParamsRead =
    [
        "cellParams", "popParams", "synMechParams", "connParams", "stimSourceParams", "stimTargetParams",
        "sizeX", "sizeY", "sizeZ", "propVelocity", "defaultWeight", "defaultDelay", "defaultThreshold", "version",
    ];

    private static readonly string[] CellTypeNames = MechanismCatalog.IzhikevichCellTypes;
    private static readonly string[] Tags = ["x", "y", "z", "xnorm", "ynorm", "znorm"];
    private static readonly string[] Axes = ["x", "y", "z"];

    private readonly NetPyneInput input;
    private readonly JsonElement net;
    private readonly List<string> untranslated = [];
    private readonly Dictionary<string, Dim> parameters = [];
    private readonly ExpressionTranslator expressions;
    private readonly Dictionary<string, string> popCellTypes = [];
    private readonly HashSet<string> cells = [];
    private readonly HashSet<string> synapses = [];
    private readonly Dictionary<string, string> stimSources = [];
    /// <summary>The synapse NetPyNE (and NetDsl) use where a rule names none: the first declared.</summary>
    private string? firstSynapse;
    private readonly double defaultWeight, defaultDelay, defaultThreshold;
    private readonly bool allowSelfConnections;
    /// <summary>
    /// Whether the file's keys are sorted, as NetPyNE's JSON writer sorts them: then the model's own order is lost and
    /// parameters are written in the catalog's (the tutorials') order; otherwise in the file's.
    /// </summary>
    private readonly bool keysSorted;

    private NetPyneImporter(NetPyneInput input)
    {
        this.input = input;
        net = input.NetParams;
        expressions = new ExpressionTranslator(parameters);
        defaultWeight = NumberOr(net, "defaultWeight", 1);
        defaultDelay = NumberOr(net, "defaultDelay", 1);
        defaultThreshold = NumberOr(net, "defaultThreshold", 10);
        var keys = net.EnumerateObject().Select(p => p.Name).ToList();
        keysSorted = keys.SequenceEqual(keys.Order(StringComparer.Ordinal));
        // simConfig.allowSelfConns applies to every rule that does not say otherwise.
        allowSelfConnections = input.SimConfig is JsonElement sim && sim.TryGetProperty("allowSelfConns", out var self) && self.ValueKind == JsonValueKind.True;
    }

    /// <summary>Translates a NetPyNE JSON file's text; <paramref name="fileName"/> names it in messages and the header.</summary>
    /// <exception cref="ImportException">The text is not JSON or holds no netParams.</exception>
    public static ImportResult Translate(string json, string fileName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            string reason = e.Message;
            int cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) reason = reason[..cut];
            throw new ImportException($"{fileName}({(e.LineNumber ?? 0) + 1},{(e.BytePositionInLine ?? 0) + 1}): not JSON: {reason.TrimEnd()}");
        }
        using (document)
        {
            var input = NetPyneInput.Locate(document.RootElement, fileName);
            try
            {
                return new NetPyneImporter(input).Write(fileName);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
            {
                // A value of a kind no NetPyNE file has where the import reads it.
                throw new ImportException($"{fileName}: not NetPyNE's netParams layout ({e.Message})");
            }
        }
    }

    private ImportResult Write(string fileName)
    {
        var text = new StringBuilder();
        text.AppendLine($"# Imported by netdsl import from {fileName}: NetPyNE's netParams ({input.Layout}){(input.SimConfig is null ? "" : " and simConfig")}.");
        var sections = new List<List<string>>
        {
            Space(), Cells(), Populations(), Synapses(), StimSources(), StimTargets(), Connections(), Simulation(),
        };
        foreach (var section in sections.Where(s => s.Count > 0))
        {
            text.AppendLine();
            foreach (string line in section) text.AppendLine(line);
        }
        return new ImportResult(text.ToString(), untranslated);
    }

    private void Note(List<string> lines, string key, string why)
    {
        untranslated.Add(key + ": " + why);
        lines.Add(NotTranslated + key + ": " + why);
    }

    // --- netParams: volume, params and the keys NetDsl has no form for ---

    private List<string> Space()
    {
        var lines = new List<string>();
        var size = new List<string>();
        foreach (string axis in new[] { "sizeX", "sizeY", "sizeZ" })
        {
            double value = NumberOr(net, axis, 100);
            if (value != 100) size.Add($"{axis}={NumberText.WithUnit(value, Dim.LengthDim)}");
        }
        if (size.Count > 0) lines.Add("sim " + string.Join(" ", size));

        double velocity = NumberOr(net, "propVelocity", 500);
        if (velocity != 500) lines.Add($"param propVelocity = {NumberText.WithUnit(velocity, Dim.VelocityDim)}");

        var named = new List<(string Name, double Value)>();
        foreach (var property in net.EnumerateObject())
        {
            // NetPyNE's own bookkeeping (netParams.save keeps _labelid).
            if (NetParamsRead.Contains(property.Name) || property.Name.StartsWith('_')) continue;
            if (NetParamsDefaults.TryGetValue(property.Name, out string? standard))
            {
                if (!SameJson(property.Value, standard)) Note(lines, $"netParams.{property.Name}", $"{Json(property.Value)} has no NetDsl form (NetPyNE's default: {standard})");
                continue;
            }
            if (property.Value.ValueKind == JsonValueKind.Number && IsName(property.Name))
                named.Add((property.Name, property.Value.GetDouble()));
            else if (!IsEmpty(property.Value))
                Note(lines, $"netParams.{property.Name}", "not a number, so not a param");
        }
        InferParameters(named.Select(n => n.Name).ToList());
        foreach (var (name, value) in named) lines.Add($"param {name} = {NumberText.WithUnit(value, parameters[name])}");
        if (defaultThreshold != 10 || defaultWeight != 1 || defaultDelay != 1)
            lines.Add($"# NetPyNE's defaultThreshold {NumberText.Format(defaultThreshold)}, defaultWeight {NumberText.Format(defaultWeight)} and defaultDelay {NumberText.Format(defaultDelay)} are written where they apply.");
        return lines;
    }

    /// <summary>
    /// The units of the netParams numbers string functions read: each function in file order gives the numbers it reads
    /// first the units its other quantities need, as it gives bare numbers (<c>exp(-dist_3D/probLengthConst)</c>
    /// makes <c>probLengthConst</c> a length); a number no function fixes stays plain.
    /// </summary>
    private void InferParameters(List<string> names)
    {
        foreach (string name in names) parameters[name] = Dim.None;
        expressions.Open(names);
        foreach (var (function, target, site) in StringFunctions())
        {
            if (expressions.InferParameters(function, target, site) is not { } found) continue;
            foreach (var (name, dim) in found) parameters[name] = dim;
        }
        expressions.CloseAll();
    }

    /// <summary>Every string function of the file with the dimension of its parameter and where it is evaluated.</summary>
    private IEnumerable<(string Function, Dim Target, ExpressionSite Site)> StringFunctions()
    {
        foreach (var cell in Entries(net, "cellParams"))
        {
            if (cell.Value.ValueKind != JsonValueKind.Object || !cell.Value.TryGetProperty("secs", out var secs) || secs.ValueKind != JsonValueKind.Object) continue;
            foreach (var section in secs.EnumerateObject())
            {
                if (section.Value.ValueKind != JsonValueKind.Object) continue;
                foreach (var (values, mechanism) in SectionParameterSets(section.Value))
                {
                    foreach (var value in values.EnumerateObject().Where(v => v.Value.ValueKind == JsonValueKind.String))
                        yield return (value.Value.GetString()!, Dim.Of(mechanism?.Find(value.Name)?.Quantity ?? Quantity.None), ExpressionSite.Cell);
                }
            }
        }
        foreach (var rule in Entries(net, "connParams").Where(r => r.Value.ValueKind == JsonValueKind.Object))
        {
            foreach (var (key, dim) in new[] { ("probability", Dim.None), ("convergence", Dim.None), ("divergence", Dim.None), ("weight", Dim.ConductanceDim), ("delay", Dim.TimeDim) })
            {
                if (rule.Value.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String) yield return (value.GetString()!, dim, ExpressionSite.Connection);
            }
        }
        foreach (var target in Entries(net, "stimTargetParams").Where(t => t.Value.ValueKind == JsonValueKind.Object))
        {
            foreach (var (key, dim) in new[] { ("weight", Dim.ConductanceDim), ("delay", Dim.TimeDim) })
            {
                if (target.Value.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String) yield return (value.GetString()!, dim, ExpressionSite.StimTarget);
            }
        }
    }

    private static IEnumerable<(JsonElement Values, MechanismInfo? Mechanism)> SectionParameterSets(JsonElement section)
    {
        if (section.TryGetProperty("geom", out var geom) && geom.ValueKind == JsonValueKind.Object) yield return (geom, MechanismCatalog.Geometry);
        if (section.TryGetProperty("mechs", out var mechs) && mechs.ValueKind == JsonValueKind.Object)
        {
            foreach (var mech in mechs.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Object))
                yield return (mech.Value, MechanismCatalog.Find(mech.Name));
        }
        if (section.TryGetProperty("pointps", out var pointps) && pointps.ValueKind == JsonValueKind.Object)
        {
            foreach (var pointp in pointps.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Object))
                yield return (pointp.Value, pointp.Value.TryGetProperty("mod", out var mod) && mod.ValueKind == JsonValueKind.String ? MechanismCatalog.Find(mod.GetString()!) : null);
        }
    }

    // --- cellParams ---

    private List<string> Cells()
    {
        var lines = new List<string>();
        foreach (var cell in Entries(net, "cellParams"))
        {
            string key = $"cellParams['{cell.Name}']";
            var body = new List<string>();
            if (!IsName(cell.Name)) { Note(lines, key, "the name is not a NetDsl name (letters, digits, _)"); continue; }
            if (cell.Value.ValueKind != JsonValueKind.Object || !cell.Value.TryGetProperty("secs", out var secs) || secs.ValueKind != JsonValueKind.Object
                || !secs.TryGetProperty("soma", out var soma) || soma.ValueKind != JsonValueKind.Object)
            {
                Note(lines, key, "no 'soma' section (NetDsl cells are one soma); the cell and its populations are left out");
                continue;
            }
            foreach (var extra in cell.Value.EnumerateObject().Where(p => p.Name != "secs" && !IsEmpty(p.Value)))
                Note(body, $"{key}['{extra.Name}']", "NetDsl cells have no such key");
            foreach (var section in secs.EnumerateObject().Where(s => s.Name != "soma"))
                Note(body, $"{key}['secs']['{section.Name}']", "NetDsl cells are one soma section");

            string soma_ = $"{key}['secs']['soma']";
            bool modelled = false, failed = false;
            double? threshold = null;
            string? geometry = null;
            var mechanisms = new List<string>();
            foreach (var part in soma.EnumerateObject())
            {
                switch (part.Name)
                {
                    case "geom":
                        geometry = Parameters(body, $"{soma_}['geom']", part.Value, MechanismCatalog.Geometry, ref failed);
                        break;
                    case "mechs":
                        foreach (var mech in Objects(body, $"{soma_}['mechs']", part.Value))
                        {
                            var info = MechanismCatalog.Find(mech.Name);
                            if (info is null || info.Role != MechanismRole.Density)
                            {
                                Note(lines, $"{soma_}['mechs']['{mech.Name}']", $"unknown cell model: NetDsl has the mechanisms hh and pas (and the point process Izhi2007b); the cell '{cell.Name}' and its populations are left out");
                                failed = true;
                                continue;
                            }
                            string values = Parameters(body, $"{soma_}['mechs']['{mech.Name}']", mech.Value, info, ref failed);
                            mechanisms.Add(("  " + mech.Name + " " + values).TrimEnd());
                            modelled = true;
                        }
                        break;
                    case "pointps":
                        foreach (var pointp in Objects(body, $"{soma_}['pointps']", part.Value))
                        {
                            string mod = pointp.Value.TryGetProperty("mod", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
                            if (mod != MechanismCatalog.Izhi2007bName)
                            {
                                Note(lines, $"{soma_}['pointps']['{pointp.Name}']", $"unknown cell model '{mod}': NetDsl has the point process Izhi2007b (and the mechanisms hh and pas); the cell '{cell.Name}' and its populations are left out");
                                failed = true;
                                continue;
                            }
                            string values = Parameters(body, $"{soma_}['pointps']['{pointp.Name}']", pointp.Value, MechanismCatalog.Izhi2007b, ref failed, skip: ["mod", "vref", "synList", "loc"]);
                            mechanisms.Add(("  Izhi2007b " + values).TrimEnd());
                            modelled = true;
                        }
                        break;
                    case "threshold":
                        if (part.Value.ValueKind == JsonValueKind.Number) threshold = part.Value.GetDouble();
                        else Note(body, $"{soma_}['threshold']", "not a number");
                        break;
                    case "topol" or "vinit" when IsEmpty(part.Value):
                        break;
                    default:
                        if (!IsEmpty(part.Value)) Note(body, $"{soma_}['{part.Name}']", "NetDsl's soma has geom, mechs (hh, pas), pointps (Izhi2007b) and threshold");
                        break;
                }
            }
            if (!modelled && !failed)
            {
                Note(lines, key, $"unknown cell model: the soma has neither the point process Izhi2007b nor the mechanisms hh or pas; the cell '{cell.Name}' and its populations are left out");
                failed = true;
            }
            if (failed)
            {
                lines.AddRange(body);
                continue;
            }
            cells.Add(cell.Name);
            lines.Add($"cell {cell.Name} {{");
            if (!string.IsNullOrEmpty(geometry)) lines.Add("  soma " + geometry);
            lines.AddRange(mechanisms);
            double cellThreshold = threshold ?? defaultThreshold;
            if (cellThreshold != 10) lines.Add($"  threshold={NumberText.WithUnit(cellThreshold, Dim.VoltageDim)}");
            lines.AddRange(body.Select(l => "  " + l));
            lines.Add("}");
        }
        return lines;
    }

    /// <summary>
    /// The <c>name=value</c> list of one mechanism in the catalog's order (the tutorials' order, which NetPyNE's sorted
    /// JSON loses); keys the mechanism does not have become comments.
    /// </summary>
    private string Parameters(List<string> notes, string key, JsonElement values, MechanismInfo mechanism, ref bool failed, string[]? skip = null)
    {
        var written = new List<string>();
        if (values.ValueKind != JsonValueKind.Object)
        {
            Note(notes, key, "not a dict of parameters");
            return "";
        }
        var order = keysSorted
            ? mechanism.Parameters
            : values.EnumerateObject().Select(p => mechanism.Find(p.Name)).OfType<ParameterInfo>().ToList();
        foreach (var parameter in order)
        {
            if (!values.TryGetProperty(parameter.Name, out var value)) continue;
            if (parameter.Name is "alive" or "cellid") continue;
            if (parameter.Name == "celltype" && value.ValueKind == JsonValueKind.Number && value.GetDouble() is double type
                && type == Math.Floor(type) && type >= 1 && type <= CellTypeNames.Length)
            {
                written.Add("celltype=" + CellTypeNames[(int)type - 1]);
                continue;
            }
            try
            {
                written.Add(parameter.Name + "=" + Value(value, Dim.Of(parameter.Quantity), ExpressionSite.Cell));
            }
            catch (StringFunctionException e)
            {
                Note(notes, $"{key}['{parameter.Name}']", e.Message + " (the default is used)");
            }
        }
        foreach (var property in values.EnumerateObject())
        {
            if (mechanism.Find(property.Name) is not null || (skip?.Contains(property.Name) ?? false)) continue;
            if (mechanism == MechanismCatalog.Izhi2007b && property.Name is "alive" or "cellid") continue;
            Note(notes, $"{key}['{property.Name}']", $"not a parameter of {mechanism.Name} in NetDsl");
        }
        return string.Join(" ", written);
    }

    // --- popParams ---

    private List<string> Populations()
    {
        var lines = new List<string>();
        var entries = Entries(net, "popParams").ToList();
        if (input.Pops is JsonElement pops)
        {
            // NetPyNE numbered the cells in the model's order; the gids of net.pops keep it.
            double FirstGid(string name) => pops.TryGetProperty(name, out var pop) && pop.ValueKind == JsonValueKind.Object && pop.TryGetProperty("cellGids", out var gids)
                && gids.ValueKind == JsonValueKind.Array && gids.GetArrayLength() > 0 && gids[0].ValueKind == JsonValueKind.Number ? gids[0].GetDouble() : double.MaxValue;
            entries = entries.OrderBy(e => FirstGid(e.Name)).ToList();
        }
        else if (entries.Count > 1 && keysSorted)
        {
            lines.Add("# NetPyNE's JSON writer sorts keys: the populations are in alphabetical order, and the cells are numbered");
            lines.Add("# (gids) as NetPyNE numbered them only if the model declared them in this order. A saved-data file with net.pops keeps it.");
        }
        foreach (var pop in entries)
        {
            string key = $"popParams['{pop.Name}']";
            if (!IsName(pop.Name)) { Note(lines, key, "the name is not a NetDsl name (letters, digits, _)"); continue; }
            if (pop.Value.ValueKind != JsonValueKind.Object) { Note(lines, key, "not a dict"); continue; }
            string? line = Population(lines, key, pop.Name, pop.Value);
            if (line is not null) lines.Add(line);
        }
        return lines;
    }

    private string? Population(List<string> lines, string key, string name, JsonElement pop)
    {
        string? cellType = Text(pop, "cellType");
        string? cellModel = Text(pop, "cellModel");
        var notes = new List<string>();
        var parts = new List<string>();
        bool generator = cellModel is "NetStim" or "VecStim" && (cellType is null || !cells.Contains(cellType));
        string model;
        if (generator) model = cellModel!;
        else if (cellType is null) { Note(lines, key, "no cellType"); return null; }
        else if (!cells.Contains(cellType)) { Note(lines, key, $"its cell type '{cellType}' was not translated"); return null; }
        else model = cellType;

        string size = "";
        foreach (var property in pop.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "cellType" or "pop":
                    break;
                case "cellModel":
                    // Other than NetStim and VecStim it is a tag (NetPyNE copies it to the cells), not a model.
                    break;
                case "numCells" when value.ValueKind == JsonValueKind.Number:
                    size = " x " + NumberText.Format(value.GetDouble());
                    break;
                case "density" when value.ValueKind == JsonValueKind.Number:
                    parts.Add("density=" + NumberText.Format(value.GetDouble()));
                    break;
                case "gridSpacing" when value.ValueKind == JsonValueKind.Number:
                    parts.Add("gridSpacing=" + NumberText.WithUnit(value.GetDouble(), Dim.LengthDim));
                    break;
                case "xRange" or "yRange" or "zRange" or "xnormRange" or "ynormRange" or "znormRange" when Range(value, property.Name.Contains("norm") ? Dim.None : Dim.LengthDim) is string range:
                    parts.Add(property.Name + "=" + range);
                    break;
                case "cellsList" when CellsList(value) is string list:
                    parts.Add("cellsList=" + list);
                    break;
                case "rate" or "interval" or "noise" or "start" or "number" or "seed" when generator && cellModel == "NetStim" && value.ValueKind == JsonValueKind.Number:
                    parts.Add(property.Name + "=" + NumberText.WithUnit(value.GetDouble(), Dim.Of(MechanismCatalog.NetStim.Find(property.Name)!.Quantity)));
                    break;
                case "rate" or "interval" or "noise" or "start" or "seed" when generator && cellModel == "VecStim" && value.ValueKind == JsonValueKind.Number:
                    parts.Add(property.Name + "=" + NumberText.WithUnit(value.GetDouble(), Dim.Of(MechanismCatalog.NetStim.Find(property.Name)!.Quantity)));
                    break;
                case "spkTimes" when generator && cellModel == "VecStim" && SpikeTimes(value) is (string trains, bool perCell):
                    parts.Add((perCell ? "trains=" : "times=") + trains);
                    break;
                case "pulses" when generator && cellModel == "VecStim" && Pulses(value) is string pulses:
                    parts.Add("pulses=" + pulses);
                    break;
                case "cellsList":
                    Note(lines, $"{key}['cellsList']", "NetDsl's cellsList is (x, y, z) in um for every cell; entries with xnorm, ynorm, znorm or a missing axis have no NetDsl form; the population is left out");
                    return null;
                default:
                    Note(notes, $"{key}['{property.Name}']", "has no NetDsl form here");
                    break;
            }
        }
        if (size.Length > 0 && parts.Any(p => p.StartsWith("density=") || p.StartsWith("gridSpacing=") || p.StartsWith("cellsList=")))
        {
            // NetPyNE takes cellsList, else numCells, else density, else gridSpacing; NetDsl wants one of them. After a
            // run (a saved-data file, with net.pops) numCells is the count NetPyNE wrote back for a density.
            if (parts.Any(p => p.StartsWith("cellsList=")) || (input.Pops is not null && parts.Any(p => p.StartsWith("density=")))) size = "";
            else parts.RemoveAll(p => p.StartsWith("density=") || p.StartsWith("gridSpacing="));
        }
        // An absolute range replaces the normalised one, which NetPyNE writes back beside it after a run.
        foreach (string axis in Axes)
        {
            if (parts.Any(p => p.StartsWith(axis + "Range="))) parts.RemoveAll(p => p.StartsWith(axis + "normRange="));
        }
        if (size.Length == 0 && !parts.Any(p => p.StartsWith("density=") || p.StartsWith("gridSpacing=") || p.StartsWith("cellsList=")))
        {
            Note(lines, key, "no numCells, density, gridSpacing or cellsList NetDsl reads; the population is left out");
            return null;
        }
        lines.AddRange(notes);
        popCellTypes[name] = generator ? "" : model;
        return $"pop {name}: {model}{size}" + (parts.Count > 0 ? " " + string.Join(" ", parts) : "");
    }

    private static string? Range(JsonElement value, Dim dim)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2 || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number)) return null;
        return $"[{NumberText.WithUnit(value[0].GetDouble(), dim)}, {NumberText.WithUnit(value[1].GetDouble(), dim)}]";
    }

    private static string? CellsList(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array) return null;
        var cells = new List<string>();
        foreach (var cell in value.EnumerateArray())
        {
            if (cell.ValueKind != JsonValueKind.Object) return null;
            var coordinates = new List<string>();
            foreach (string axis in Axes)
            {
                if (!cell.TryGetProperty(axis, out var v) || v.ValueKind != JsonValueKind.Number) return null;
                coordinates.Add(NumberText.WithUnit(v.GetDouble(), Dim.LengthDim));
            }
            if (cell.EnumerateObject().Any(p => !Axes.Contains(p.Name))) return null;
            cells.Add("(" + string.Join(", ", coordinates) + ")");
        }
        return "[" + string.Join(", ", cells) + "]";
    }

    private static (string Text, bool PerCell)? SpikeTimes(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array) return null;
        if (value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number)) return (Times(value), false);
        if (value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(t => t.ValueKind == JsonValueKind.Number)))
            return ("[" + string.Join(", ", value.EnumerateArray().Select(Times)) + "]", true);
        return null;
    }

    /// <summary>NetPyNE's VecStim pulses: <c>[pulse(start=400ms, end=500ms, rate=50Hz, noise=0), ...]</c>.</summary>
    private static string? Pulses(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array) return null;
        var pulses = new List<string>();
        foreach (var pulse in value.EnumerateArray())
        {
            if (pulse.ValueKind != JsonValueKind.Object) return null;
            var arguments = new List<string>();
            foreach (var property in pulse.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Number || MechanismCatalog.NetStim.Find(property.Name) is not { } parameter && property.Name is not ("end")) return null;
                var dim = property.Name == "end" ? Dim.TimeDim : Dim.Of(MechanismCatalog.NetStim.Find(property.Name)!.Quantity);
                arguments.Add(property.Name + "=" + NumberText.WithUnit(property.Value.GetDouble(), dim));
            }
            pulses.Add("pulse(" + string.Join(", ", arguments) + ")");
        }
        return "[" + string.Join(", ", pulses) + "]";
    }

    private static string Times(JsonElement list) => "[" + string.Join(", ", list.EnumerateArray().Select(t => NumberText.Format(t.GetDouble()))) + "]";

    // --- synMechParams ---

    private List<string> Synapses()
    {
        var lines = new List<string>();
        foreach (var syn in Entries(net, "synMechParams"))
        {
            string key = $"synMechParams['{syn.Name}']";
            if (!IsName(syn.Name)) { Note(lines, key, "the name is not a NetDsl name (letters, digits, _)"); continue; }
            string? mod = syn.Value.ValueKind == JsonValueKind.Object ? Text(syn.Value, "mod") : null;
            var info = mod is null ? null : MechanismCatalog.Find(mod);
            if (info is null || info.Role != MechanismRole.Synapse)
            {
                Note(lines, key, (mod is null ? "no 'mod'" : $"synapse model '{mod}' is not one NetDsl has") + " (NetDsl has Exp2Syn and ExpSyn); rules that use it are left out");
                continue;
            }
            bool failed = false;
            var notes = new List<string>();
            string values = Parameters(notes, key, syn.Value, info, ref failed, skip: ["mod"]);
            lines.AddRange(notes);
            lines.Add($"syn {syn.Name}: {mod} {values}".TrimEnd());
            synapses.Add(syn.Name);
            firstSynapse ??= syn.Name;
        }
        return lines;
    }

    // --- stimSourceParams and stimTargetParams ---

    private List<string> StimSources()
    {
        var lines = new List<string>();
        foreach (var source in Entries(net, "stimSourceParams"))
        {
            string key = $"stimSourceParams['{source.Name}']";
            if (!IsName(source.Name)) { Note(lines, key, "the name is not a NetDsl name (letters, digits, _)"); continue; }
            string? type = source.Value.ValueKind == JsonValueKind.Object ? Text(source.Value, "type") : null;
            var info = type is null ? null : MechanismCatalog.Find(type);
            if (info is null || info.Role != MechanismRole.Stimulus)
            {
                Note(lines, key, (type is null ? "no 'type'" : $"stimulus type '{type}' is not one NetDsl has") + " (NetDsl has NetStim, IClamp and VecStim); its targets are left out");
                continue;
            }
            var parts = new List<string>();
            var notes = new List<string>();
            foreach (var parameter in info.Parameters)
            {
                if (type == "VecStim" || !source.Value.TryGetProperty(parameter.Name, out var property) || property.ValueKind != JsonValueKind.Number) continue;
                double value = property.GetDouble();
                // NetPyNE's (and NetDsl's) NetStim defaults, which export writes out.
                if (type == "NetStim" && ((parameter.Name == "start" && value == 0) || (parameter.Name == "number" && value == 1e9))) continue;
                parts.Add(parameter.Name + "=" + NumberText.WithUnit(value, Dim.Of(parameter.Quantity)));
            }
            foreach (var property in source.Value.EnumerateObject())
            {
                if (property.Name == "type" || (type != "VecStim" && info.Find(property.Name) is not null && property.Value.ValueKind == JsonValueKind.Number)) continue;
                if (type == "VecStim" && property.Name == "spkTimes" && SpikeTimes(property.Value) is (string times, bool perCell))
                    parts.Add((perCell ? "trains=" : "times=") + times);
                else
                    Note(notes, $"{key}['{property.Name}']", $"not a parameter of NetDsl's {type}");
            }
            lines.AddRange(notes);
            lines.Add($"stim {source.Name}: {type} {string.Join(" ", parts)}".TrimEnd());
            stimSources[source.Name] = type!;
        }
        return lines;
    }

    private List<string> StimTargets()
    {
        var lines = new List<string>();
        foreach (var target in Entries(net, "stimTargetParams"))
        {
            string key = $"stimTargetParams['{target.Name}']";
            if (target.Value.ValueKind != JsonValueKind.Object) { Note(lines, key, "not a dict"); continue; }
            string? source = Text(target.Value, "source");
            if (source is null || !stimSources.TryGetValue(source, out string? type)) { Note(lines, key, $"its source '{source}' was not translated"); continue; }
            var conds = target.Value.TryGetProperty("conds", out var c) ? c : default;
            string? selector = Selector(lines, key + "['conds']", conds);
            if (selector is null) continue;
            var parts = new List<string>();
            bool failed = false;
            foreach (var property in target.Value.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "source" or "conds":
                        break;
                    case "sec" when value.ValueKind == JsonValueKind.Null || value.ValueKind == JsonValueKind.String && value.GetString() == "soma":
                        break;
                    case "loc" when value.ValueKind == JsonValueKind.Null || value.ValueKind == JsonValueKind.Number && value.GetDouble() == 0.5:
                        break;
                    case "weight" or "delay" when type != "IClamp":
                        break;
                    case "synMech" when type != "IClamp" && value.ValueKind == JsonValueKind.String && synapses.Contains(value.GetString()!):
                        parts.Add("syn=" + value.GetString());
                        break;
                    case "synMech" when type != "IClamp":
                        Note(lines, key, $"its synapse '{Json(value)}' was not translated");
                        failed = true;
                        break;
                    case "synsPerConn" when value.ValueKind == JsonValueKind.Number && value.GetDouble() == 1:
                        break;
                    default:
                        Note(lines, $"{key}['{property.Name}']", "has no NetDsl form (the rest of the target is translated)");
                        break;
                }
            }
            if (failed) continue;
            if (type != "IClamp")
            {
                if (!WeightAndDelay(lines, key, target.Value, ExpressionSite.StimTarget, out string weight, out string delay)) continue;
                parts.Insert(0, delay);
                parts.Insert(0, weight);
                if (!parts.Any(p => p.StartsWith("syn=")) && firstSynapse is not null && !target.Value.TryGetProperty("synMech", out _))
                    parts.Add("syn=" + firstSynapse);
            }
            lines.Add($"stim {source} -> {selector} {string.Join(" ", parts)}".TrimEnd());
        }
        return lines;
    }

    private bool WeightAndDelay(List<string> lines, string key, JsonElement rule, ExpressionSite site, out string weight, out string delay)
    {
        weight = delay = "";
        try
        {
            weight = "w=" + (rule.TryGetProperty("weight", out var w) ? Value(w, Dim.ConductanceDim, site) : NumberText.WithUnit(defaultWeight, Dim.ConductanceDim));
        }
        catch (StringFunctionException e)
        {
            Note(lines, $"{key}['weight']", e.Message + "; the rule is left out");
            return false;
        }
        try
        {
            delay = "d=" + (rule.TryGetProperty("delay", out var d) ? Value(d, Dim.TimeDim, site) : NumberText.WithUnit(defaultDelay, Dim.TimeDim));
        }
        catch (StringFunctionException e)
        {
            Note(lines, $"{key}['delay']", e.Message + "; the rule is left out");
            return false;
        }
        return true;
    }

    // --- connParams ---

    private List<string> Connections()
    {
        var lines = new List<string>();
        foreach (var rule in Entries(net, "connParams"))
        {
            string key = $"connParams['{rule.Name}']";
            if (rule.Value.ValueKind != JsonValueKind.Object) { Note(lines, key, "not a dict"); continue; }
            string? pre = Selector(lines, key + "['preConds']", rule.Value.TryGetProperty("preConds", out var p) ? p : default);
            if (pre is null) continue;
            string? post = Selector(lines, key + "['postConds']", rule.Value.TryGetProperty("postConds", out var q) ? q : default);
            if (post is null) continue;
            string? line = Connection(lines, key, rule.Name, rule.Value, pre, post);
            if (line is not null) lines.Add(line);
        }
        return lines;
    }

    private string? Connection(List<string> lines, string key, string label, JsonElement rule, string pre, string post)
    {
        string? pattern = null;
        var extras = new List<string>();
        var notes = new List<string>();
        try
        {
            foreach (var property in rule.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "preConds" or "postConds" or "weight" or "delay" or "synMech":
                        break;
                    case "probability":
                        pattern = "p=" + Value(value, Dim.None, ExpressionSite.Connection);
                        break;
                    case "convergence":
                        pattern = "conv=" + Value(value, Dim.None, ExpressionSite.Connection);
                        break;
                    case "divergence":
                        pattern = "div=" + Value(value, Dim.None, ExpressionSite.Connection);
                        break;
                    case "connList" when Pairs(value) is string pairs:
                        pattern = "list=" + pairs;
                        break;
                    case "allowSelfConns" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        if (value.ValueKind == JsonValueKind.True) extras.Add("self");
                        break;
                    case "plast" when Plasticity(value) is string plasticity:
                        extras.Add("plast=" + plasticity);
                        break;
                    case "sec" when value.ValueKind == JsonValueKind.Null || value.ValueKind == JsonValueKind.String && value.GetString() == "soma":
                        break;
                    case "loc" when value.ValueKind == JsonValueKind.Null || value.ValueKind == JsonValueKind.Number && value.GetDouble() == 0.5:
                        break;
                    case "synsPerConn" when value.ValueKind == JsonValueKind.Number && value.GetDouble() == 1:
                        break;
                    default:
                        Note(notes, $"{key}['{property.Name}']", "has no NetDsl form (the rest of the rule is translated)");
                        break;
                }
            }
        }
        catch (StringFunctionException e)
        {
            Note(lines, key, e.Message + "; the rule is left out");
            return null;
        }
        if (!WeightAndDelay(lines, key, rule, ExpressionSite.Connection, out string weight, out string delay)) return null;
        string synapse;
        if (rule.TryGetProperty("synMech", out var syn))
        {
            if (syn.ValueKind != JsonValueKind.String || !synapses.Contains(syn.GetString()!))
            {
                Note(lines, $"{key}['synMech']", $"{Json(syn)} was not translated (one synapse per rule in NetDsl); the rule is left out");
                return null;
            }
            synapse = " syn=" + syn.GetString();
        }
        else
        {
            synapse = firstSynapse is null ? "" : " syn=" + firstSynapse;
        }
        if (allowSelfConnections && !rule.TryGetProperty("allowSelfConns", out _)) extras.Add("self");
        lines.AddRange(notes);
        // NetPyNE's label names the rule only in parameter paths; one that is a NetDsl name is kept.
        string head = IsName(label) ? label + ": " : "";
        return $"conn {head}{pre} -> {post} {pattern ?? "all"} {weight} {delay}{synapse}" + (extras.Count > 0 ? " " + string.Join(" ", extras) : "");
    }

    private static string? Pairs(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array) return null;
        var pairs = new List<string>();
        foreach (var pair in value.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number)) return null;
            pairs.Add($"({NumberText.Format(pair[0].GetDouble())}, {NumberText.Format(pair[1].GetDouble())})");
        }
        return "[" + string.Join(", ", pairs) + "]";
    }

    private static string? Plasticity(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || Text(value, "mech") is not string mech || !IsName(mech)) return null;
        var arguments = new List<string>();
        if (value.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object)
        {
            foreach (var parameter in parameters.EnumerateObject())
            {
                if (parameter.Value.ValueKind != JsonValueKind.Number || !IsName(parameter.Name)) return null;
                arguments.Add(parameter.Name + "=" + NumberText.Format(parameter.Value.GetDouble()));
            }
        }
        return mech + "(" + string.Join(", ", arguments) + ")";
    }

    /// <summary>
    /// NetPyNE's conds as a NetDsl selector: pop and cellType (one name or a list; both together select the listed
    /// populations of those cell types), then the tag ranges as conditions. Null (after a comment) when it names
    /// something untranslated or has a key NetDsl has no condition for.
    /// </summary>
    private string? Selector(List<string> lines, string key, JsonElement conds)
    {
        if (conds.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) conds = default;
        else if (conds.ValueKind != JsonValueKind.Object) { Note(lines, key, "not a dict; the rule is left out"); return null; }
        List<string>? pops = null, types = null;
        var conditions = new List<string>();
        if (conds.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in conds.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "pop":
                        pops = Names(property.Value);
                        if (pops is null) { Note(lines, $"{key}['pop']", "not a name or a list of names; the rule is left out"); return null; }
                        if (pops.FirstOrDefault(n => !popCellTypes.ContainsKey(n)) is string missingPop) { Note(lines, key, $"population '{missingPop}' was not translated; the rule is left out"); return null; }
                        break;
                    case "cellType":
                        types = Names(property.Value);
                        if (types is null) { Note(lines, $"{key}['cellType']", "not a name or a list of names; the rule is left out"); return null; }
                        if (types.FirstOrDefault(n => !cells.Contains(n)) is string missingType) { Note(lines, key, $"cell type '{missingType}' was not translated; the rule is left out"); return null; }
                        break;
                    default:
                        if (Tags.Contains(property.Name) && Range(property.Value, property.Name.Contains("norm") ? Dim.None : Dim.LengthDim) is string range)
                        {
                            conditions.Add(property.Name + "=" + range);
                            break;
                        }
                        Note(lines, $"{key}['{property.Name}']", "NetDsl selects by pop, cellType and the ranges x, y, z, xnorm, ynorm, znorm; the rule is left out");
                        return null;
                }
            }
        }
        string head;
        if (pops is not null && types is not null) head = List(pops.Where(p => types.Contains(popCellTypes[p])).ToList());
        else if (pops is not null) head = List(pops);
        else if (types is not null && types.Any(popCellTypes.ContainsKey))
            head = List(popCellTypes.Where(p => types.Contains(p.Value)).Select(p => p.Key).ToList()); // a cell type named like a population
        else if (types is not null) head = List(types);
        else head = "all";
        if (head == "[]") { Note(lines, key, "selects no population; the rule is left out"); return null; }
        return conditions.Count == 0 ? head : head + "(" + string.Join(", ", conditions) + ")";
    }

    private static string List(List<string> names) => names.Count == 1 ? names[0] : "[" + string.Join(", ", names) + "]";

    private static List<string>? Names(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String) return [value.GetString()!];
        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
            return value.EnumerateArray().Select(v => v.GetString()!).ToList();
        return null;
    }

    // --- simConfig ---

    private List<string> Simulation()
    {
        var lines = new List<string>();
        if (input.SimConfig is not JsonElement sim)
        {
            lines.Add("# No simConfig in the file: NetPyNE's defaults (duration 1000 ms, dt 0.025 ms, recordStep 0.1 ms, seeds 1), which are NetDsl's.");
            return lines;
        }
        var settings = new List<string>
        {
            "duration=" + NumberText.WithUnit(NumberOr(sim, "duration", 1000), Dim.TimeDim),
            "dt=" + NumberText.WithUnit(NumberOr(sim, "dt", 0.025), Dim.TimeDim),
            "recordStep=" + NumberText.WithUnit(NumberOr(sim, "recordStep", 0.1), Dim.TimeDim),
        };
        if (sim.TryGetProperty("seeds", out var seeds) && seeds.ValueKind == JsonValueKind.Object)
        {
            var values = new List<string>();
            foreach (string stream in new[] { "conn", "stim", "loc", "cell" })
            {
                double seed = NumberOr(seeds, stream, 1);
                if (seed != 1) values.Add($"{stream}={NumberText.Format(seed)}");
            }
            if (values.Count > 0) settings.Add("seeds(" + string.Join(", ", values) + ")");
        }
        if (sim.TryGetProperty("hParams", out var hParams) && hParams.ValueKind == JsonValueKind.Object)
        {
            foreach (var parameter in hParams.EnumerateObject())
            {
                double? value = parameter.Value.ValueKind == JsonValueKind.Number ? parameter.Value.GetDouble() : null;
                if (parameter.Name == "celsius" && value is double celsius) { if (celsius != 6.3) settings.Add("celsius=" + NumberText.Format(celsius)); }
                else if (parameter.Name == "v_init" && value is double vInit) { if (vInit != -65) settings.Add("v_init=" + NumberText.WithUnit(vInit, Dim.VoltageDim)); }
                else if (parameter.Name == "clamp_resist") { }
                else Note(lines, $"simConfig.hParams['{parameter.Name}']", "has no NetDsl form");
            }
        }
        if (SavedParts(sim, lines) is string saved) settings.Add("saveDataInclude=" + saved);
        lines.Add("sim " + string.Join(" ", settings));
        foreach (var (name, standard) in new[] { ("cvode_active", "false"), ("oneSynPerNetcon", "true"), ("allowConnsWithWeight0", "true"), ("random123", "false") })
        {
            if (sim.TryGetProperty(name, out var value) && !SameJson(value, standard)) Note(lines, $"simConfig.{name}", $"{Json(value)}: NetDsl runs NetPyNE's default ({standard})");
        }
        bool plotsTraces = sim.TryGetProperty("analysis", out var plots) && plots.ValueKind == JsonValueKind.Object && plots.TryGetProperty("plotTraces", out _);
        string? recordedCells = null;
        if (sim.TryGetProperty("recordCells", out var recordCells) && !IsEmpty(recordCells) && !SameAsTracedCells(sim, recordCells))
        {
            // NetDsl records the cells 'plot traces' includes: without that plot, recordCells becomes one.
            recordedCells = plotsTraces ? null : Include(recordCells);
            if (recordedCells is null) Note(lines, "simConfig.recordCells", "NetDsl records the cells of 'plot traces' (or a record's 'of' cells)");
        }
        if (sim.TryGetProperty("recordTraces", out var traces) && traces.ValueKind == JsonValueKind.Object)
        {
            foreach (var trace in traces.EnumerateObject()) Record(lines, trace.Name, trace.Value);
        }
        if (sim.TryGetProperty("analysis", out var analysis) && analysis.ValueKind == JsonValueKind.Object)
        {
            foreach (var plot in analysis.EnumerateObject()) Plot(lines, plot.Name, plot.Value);
        }
        if (recordedCells is not null) lines.Add(("plot traces" + (recordedCells.Length > 0 ? " include=" + recordedCells : "")) + "    # simConfig.recordCells");
        return lines;
    }

    /// <summary>
    /// simConfig.saveDataInclude and saveCellConns as <c>[simData, simConfig, ...]</c> (conns for saveCellConns with the
    /// cells), or null for NetPyNE's default (every part, the connections too), which is what NetDsl writes for it.
    /// </summary>
    private string? SavedParts(JsonElement sim, List<string> lines)
    {
        string[] all = ["netParams", "netCells", "netPops", "simConfig", "simData"];
        var parts = new List<string>(all);
        if (sim.TryGetProperty("saveDataInclude", out var include) && include.ValueKind == JsonValueKind.Array)
        {
            parts.Clear();
            foreach (var item in include.EnumerateArray())
            {
                string? name = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                if (name is not null && Array.IndexOf(all, name) >= 0) { if (!parts.Contains(name)) parts.Add(name); }
                else Note(lines, "simConfig.saveDataInclude", $"{Json(item)} is not one of NetPyNE's parts ({string.Join(", ", all)})");
            }
        }
        bool cellConns = !sim.TryGetProperty("saveCellConns", out var conns) || conns.ValueKind != JsonValueKind.False;
        bool everything = parts.Count == all.Length && cellConns;
        if (everything || parts.Count == 0) return null;
        var names = all.Where(parts.Contains).ToList();
        if (cellConns && parts.Contains("netCells")) names.Add("conns");
        return "[" + string.Join(", ", names) + "]";
    }

    /// <summary>Whether recordCells lists the cells plotTraces includes anyway (NetDsl's own data files say both).</summary>
    private static bool SameAsTracedCells(JsonElement sim, JsonElement recordCells) =>
        sim.TryGetProperty("analysis", out var analysis) && analysis.ValueKind == JsonValueKind.Object
        && analysis.TryGetProperty("plotTraces", out var traces) && traces.ValueKind == JsonValueKind.Object
        && traces.TryGetProperty("include", out var include) && Json(include) == Json(recordCells);

    private void Record(List<string> lines, string name, JsonElement trace)
    {
        string key = $"simConfig.recordTraces['{name}']";
        if (!IsName(name) || trace.ValueKind != JsonValueKind.Object) { Note(lines, key, "not a NetDsl name or not a dict"); return; }
        string? variable = Text(trace, "var");
        string? sec = Text(trace, "sec");
        string? mech = Text(trace, "mech");
        string? synMech = Text(trace, "synMech");
        bool pointp = trace.TryGetProperty("pointp", out _);
        string? recorded = (variable, mech, synMech, pointp) switch
        {
            ("v", null, null, false) => "v",
            ("u", null, null, true) => "u",
            ("m" or "h" or "n", "hh", null, false) => variable,
            ("g", null, string syn, false) when synapses.Contains(syn) => $"g({syn})",
            _ => null,
        };
        if (recorded is null || sec is not (null or "soma"))
        {
            Note(lines, key, $"{Json(trace)}: NetDsl records v, u (Izhi2007b), m, h, n (hh) and g of a synapse, at the soma");
            return;
        }
        string of = "";
        if (trace.TryGetProperty("conds", out var conds) && !IsEmpty(conds))
        {
            string? selector = Selector(lines, key + "['conds']", conds);
            if (selector is null) return;
            of = " of " + selector;
        }
        lines.Add($"record {name}: {recorded}{of}");
    }

    private void Plot(List<string> lines, string analysis, JsonElement options)
    {
        string? kind = analysis switch
        {
            "plotRaster" => "raster",
            "plotTraces" => "traces",
            "plot2Dnet" => "net2d",
            "plotSpikeHist" => "spikehist",
            "plotRatePSD" => "rates",
            "plotConn" => "conn",
            _ => null,
        };
        string key = $"simConfig.analysis['{analysis}']";
        if (kind is null) { Note(lines, key, "NetDsl draws plotRaster, plotTraces, plot2Dnet, plotSpikeHist, plotRatePSD and plotConn"); return; }
        var parts = new List<string>();
        var ignored = new List<string>();
        if (options.ValueKind == JsonValueKind.Object)
        {
            foreach (var option in options.EnumerateObject())
            {
                switch (option.Name)
                {
                    case "saveFig" or "showFig":
                        break;
                    case "include" when Include(option.Value) is string include:
                        if (include.Length > 0) parts.Add("include=" + include);
                        break;
                    case "orderBy" when kind == "raster" && Text(options, "orderBy") is string tag && (Tags.Contains(tag) || tag == "gid"):
                        if (tag != "gid") parts.Add("orderBy=" + tag);
                        break;
                    case "feature" when kind == "conn" && Text(options, "feature") is string feature:
                        if (feature != "strength") parts.Add("feature=" + feature);
                        break;
                    default:
                        ignored.Add(option.Name);
                        break;
                }
            }
        }
        if (ignored.Count > 0) Note(lines, key, "the options " + string.Join(", ", ignored) + " are not NetDsl's (the figure is drawn without them)");
        lines.Add(("plot " + kind + " " + string.Join(" ", parts)).TrimEnd());
    }

    /// <summary>A plot's include: gids, populations and cell types, (population, index) pairs; "" for ['all'].</summary>
    private string? Include(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array) return null;
        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Number) items.Add(NumberText.Format(item.GetDouble()));
            else if (item.ValueKind == JsonValueKind.String && item.GetString() == "all" && value.GetArrayLength() == 1) return "";
            else if (item.ValueKind == JsonValueKind.String && (popCellTypes.ContainsKey(item.GetString()!) || cells.Contains(item.GetString()!))) items.Add(item.GetString()!);
            else if (item.ValueKind == JsonValueKind.Array && item.GetArrayLength() == 2 && item[0].ValueKind == JsonValueKind.String
                && popCellTypes.ContainsKey(item[0].GetString()!) && item[1].ValueKind == JsonValueKind.Number)
                items.Add($"({item[0].GetString()}, {NumberText.Format(item[1].GetDouble())})");
            else return null;
        }
        return "[" + string.Join(", ", items) + "]";
    }

    // --- values and JSON helpers ---

    /// <summary>A NetPyNE value: a number with its unit, or a string function as an expression.</summary>
    private string Value(JsonElement value, Dim dim, ExpressionSite site) => value.ValueKind switch
    {
        JsonValueKind.Number => NumberText.WithUnit(value.GetDouble(), dim),
        JsonValueKind.String => expressions.Translate(value.GetString()!, dim, site),
        _ => throw new StringFunctionException($"{Json(value)} is not a number or a string function"),
    };

    private static IEnumerable<JsonProperty> Entries(JsonElement net, string key) =>
        net.TryGetProperty(key, out var entries) && entries.ValueKind == JsonValueKind.Object ? entries.EnumerateObject() : [];

    /// <summary>The dict entries of a dict (mechs, pointps); anything else there is said in a comment.</summary>
    private IEnumerable<JsonProperty> Objects(List<string> notes, string key, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            Note(notes, key, "not a dict");
            return [];
        }
        foreach (var entry in value.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Object)) Note(notes, $"{key}['{entry.Name}']", "not a dict");
        return value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object).ToList();
    }

    private static double NumberOr(JsonElement element, string key, double fallback) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : fallback;

    private static string? Text(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsEmpty(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => true,
        JsonValueKind.Object => !value.EnumerateObject().Any() || value.EnumerateObject().All(p => p.Name == "__dict__" && IsEmpty(p.Value)),
        JsonValueKind.Array => value.GetArrayLength() == 0,
        _ => false,
    };

    private static bool SameJson(JsonElement value, string standard)
    {
        if (standard == "{}") return IsEmpty(value);
        using var expected = JsonDocument.Parse(standard);
        return Equal(value, expected.RootElement);
    }

    /// <summary>JSON equality with numbers compared as numbers (Python writes 1.0 where the default is 1).</summary>
    private static bool Equal(JsonElement a, JsonElement b)
    {
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number) return a.GetDouble() == b.GetDouble();
        if (a.ValueKind == JsonValueKind.Array && b.ValueKind == JsonValueKind.Array)
            return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => Equal(p.First, p.Second));
        return Json(a) == Json(b);
    }

    /// <summary>A JSON value in one short line, for comments.</summary>
    private static string Json(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) value.WriteTo(writer);
        string text = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        return text.Length > 120 ? text[..117] + "..." : text;
    }

    private static bool IsName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
