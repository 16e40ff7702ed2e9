using NetDsl.Definition;
using NetDsl.Output;

namespace NetDsl.Cli;

/// <summary>What the data JSON of a run holds when the command line does not say (<c>--save</c>): the file's <c>sim saveDataInclude=</c>.</summary>
public static class SavedData
{
    public static DataInclude Of(SimulationSettings settings) =>
        settings.SaveDataInclude is { } parts ? DataInclude.Parse(string.Join(",", parts.Names)) : new DataInclude();
}
