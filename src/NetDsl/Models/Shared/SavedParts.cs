// Shared with the source generator (linked into generators/NetDsl.Generators, namespace NetDsl.Generators.Catalog):
// the parts of the data JSON by name. The language checks `sim saveDataInclude=[simData, simConfig]` with it and the
// netdsl command parses `--save simData,simConfig` with it. Plain C# that builds for netstandard2.0.

#if NETDSL_GENERATOR
namespace NetDsl.Generators.Catalog
#else
namespace NetDsl.Models
#endif
{
    /// <summary>The parts of the data JSON a run can save.</summary>
    public static class SavedParts
    {
        /// <summary>
        /// NetPyNE's <c>saveDataInclude</c> names, in the order the file holds them, then <c>conns</c> (NetPyNE's
        /// <c>saveCellConns</c>: every connection in its post cell's entry).
        /// </summary>
        public static readonly string[] Names = { "netParams", "netCells", "netPops", "simConfig", "simData", "conns" };

        /// <summary>Every part and every connection.</summary>
        public const string All = "all";
    }
}
