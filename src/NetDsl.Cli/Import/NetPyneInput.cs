using System.Text.Json;

namespace NetDsl.Cli.Import;

/// <summary>A file <c>netdsl import</c> cannot read as NetPyNE's; the message is one line naming the file.</summary>
public sealed class ImportException(string message) : Exception(message);

/// <summary>
/// The parts of a NetPyNE JSON file the import reads: <c>netParams</c> (from <c>{"net": {"params": ...}}</c>, written by
/// <c>netParams.save</c> and <c>sim.saveData</c>, from <c>{"netParams": ...}</c>, or at the top level), the
/// <c>simConfig</c> of a saved-data file, and its <c>net.pops</c>, whose gids keep the order of the populations that
/// NetPyNE's JSON writer, which sorts keys, loses.
/// </summary>
internal sealed record NetPyneInput(JsonElement NetParams, JsonElement? SimConfig, JsonElement? Pops, string Layout)
{
    private static readonly string[] NetParamsKeys = ["cellParams", "popParams", "synMechParams", "connParams", "stimSourceParams", "stimTargetParams"];

    public static NetPyneInput Locate(JsonElement root, string fileName)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new ImportException($"{fileName}: holds a JSON {Describe(root.ValueKind)}, not NetPyNE's netParams (an object with popParams, cellParams, ...)");
        JsonElement? simConfig = root.TryGetProperty("simConfig", out var sim) && sim.ValueKind == JsonValueKind.Object ? sim : null;
        if (root.TryGetProperty("net", out var net) && net.ValueKind == JsonValueKind.Object
            && net.TryGetProperty("params", out var saved) && saved.ValueKind == JsonValueKind.Object)
        {
            JsonElement? pops = net.TryGetProperty("pops", out var p) && p.ValueKind == JsonValueKind.Object ? p : null;
            return new NetPyneInput(saved, simConfig, pops, "net.params");
        }
        if (root.TryGetProperty("netParams", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object)
            return new NetPyneInput(wrapped, simConfig, null, "netParams");
        if (NetParamsKeys.Any(key => root.TryGetProperty(key, out _)))
            return new NetPyneInput(root, simConfig, null, "top level");
        throw new ImportException($"{fileName}: no NetPyNE netParams found: expected {{\"net\": {{\"params\": ...}}}} (netParams.save, sim.saveData), {{\"netParams\": ...}}, or popParams, cellParams, ... at the top level");
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "list",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
