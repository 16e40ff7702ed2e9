using NetDsl.Catalog;
using NetDsl.Definition;
using NetDsl.Kernels;
using NetDsl.Kernels.Membrane;
using NetDsl.Random;
using NetDsl.Simulation;

namespace NetDsl.Construction;

/// <summary>
/// Turns a <see cref="CellDefinition"/> into the values of each of its cells: which kernel runs it (Izhi2007b or
/// density mechanisms), the catalog's defaults for what the file leaves out, and the per-cell evaluation of
/// every parameter in NetPyNE's order (geometry, then mechs, then the point process).
/// </summary>
internal static class CellModels
{
    /// <summary>Checks a cell type's mechanisms and parameter names against the catalog.</summary>
    public static void Validate(CellDefinition cell)
    {
        string ctx = $"Cell type '{cell.Name}'";
        foreach (var g in cell.Geometry)
        {
            if (MechanismCatalog.Geometry.Find(g.Name) is null)
                throw NetworkBuilder.Invalid(g.Name, $"{ctx}: unknown geometry parameter '{g.Name}'; valid: {Names(MechanismCatalog.Geometry)}.");
            NetworkBuilder.CheckSpec(g.Value, g.Name, ctx);
        }
        bool pointCell = !string.IsNullOrEmpty(cell.Mechanism);
        if (pointCell)
        {
            if (cell.Mechanism != MechanismCatalog.Izhi2007b.Name)
                throw NetworkBuilder.Invalid("mechanism", $"{ctx}: unknown point process '{cell.Mechanism}'; the engine runs '{MechanismCatalog.Izhi2007b.Name}' (or density mechanisms: hh, pas).");
            if (cell.Mechs.Count > 0)
                throw NetworkBuilder.Invalid("mechs", $"{ctx}: density mechanisms ({cell.Mechs[0].Name}) together with {cell.Mechanism} are not supported; use one or the other.");
            foreach (var p in cell.Parameters) CheckParameter(MechanismCatalog.Izhi2007b, p, ctx);
        }
        else if (cell.Parameters.Count > 0)
        {
            throw NetworkBuilder.Invalid(cell.Parameters[0].Name, $"{ctx}: point-process parameters without a point process.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mech in cell.Mechs)
        {
            var info = MechanismCatalog.Find(mech.Name);
            if (info is null || info.Role != MechanismRole.Density)
                throw NetworkBuilder.Invalid("mechs", $"{ctx}: unknown density mechanism '{mech.Name}'; supported: {string.Join(", ", MechanismCatalog.OfRole(MechanismRole.Density).Select(m => m.Name))}.");
            if (!seen.Add(mech.Name)) throw NetworkBuilder.Invalid("mechs", $"{ctx}: mechanism '{mech.Name}' is inserted twice.");
            foreach (var p in mech.Parameters) CheckParameter(info, p, ctx);
        }
        if (!double.IsFinite(cell.Threshold)) throw NetworkBuilder.Invalid("threshold", $"{ctx}: threshold must be finite.");
    }

    private static void CheckParameter(MechanismInfo info, NamedValue p, string ctx)
    {
        if (info.Find(p.Name) is null)
            throw NetworkBuilder.Invalid(p.Name, $"{ctx}: unknown {info.Name} parameter '{p.Name}'; valid: {Names(info)}.");
        NetworkBuilder.CheckSpec(p.Value, p.Name, ctx);
    }

    private static string Names(MechanismInfo info) => string.Join(", ", info.Parameters.Select(p => p.Name));

    /// <summary>The kernels of the density mechanisms the network's populations use; null when no cell has any.</summary>
    public static DensityMechanisms? Mechanisms(IReadOnlyList<PopulationInfo> populations, Dictionary<string, CellDefinition> cellTypes, int cellCount, double celsius)
    {
        var used = new HashSet<MechanismInfo>();
        bool membrane = false;
        foreach (var pop in populations)
        {
            if (pop.Count == 0 || !cellTypes.TryGetValue(pop.CellType, out var cell) || !string.IsNullOrEmpty(cell.Mechanism)) continue;
            membrane = true;
            foreach (var mech in cell.Mechs) used.Add(MechanismCatalog.Find(mech.Name)!);
        }
        return membrane ? new DensityMechanisms(used, cellCount, celsius) : null;
    }

    public static CellPlan Plan(CellDefinition cell) => new(cell);

    /// <summary>One cell type's evaluation plan: value slots resolved once, evaluated per cell.</summary>
    internal sealed class CellPlan
    {
        private readonly CellDefinition _cell;
        private readonly double[] _defaults;
        // (value, slot) in NetPyNE's evaluation order.
        private readonly (ValueSpec Value, int Slot, string Name, ParameterInfo? Range)[] _assignments;
        // Each density mechanism's values: name, first slot, count.
        private readonly List<(string Name, int First, int Count)> _mechanismSlots = [];

        public CellPlan(CellDefinition cell)
        {
            _cell = cell;
            Model = string.IsNullOrEmpty(cell.Mechanism) ? CellModel.Membrane : CellModel.Izhikevich;
            var mechanisms = Model == CellModel.Izhikevich
                ? [MechanismCatalog.Izhi2007b]
                : cell.Mechs.Select(m => MechanismCatalog.Find(m.Name)!).ToArray();
            Keys = Model == CellModel.Izhikevich ? CellParameterKeys.Izhikevich : CellParameterKeys.ForDensity(mechanisms);
            _defaults = new double[Keys.Names.Length];
            for (int g = 0; g < MechanismCatalog.Geometry.Parameters.Count; g++) _defaults[g] = MechanismCatalog.Geometry.Parameters[g].Default;
            int offset = CellParameters.FirstModel;
            var firstSlot = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var mechanism in mechanisms)
            {
                firstSlot[mechanism.Name] = offset;
                if (mechanism.Role == MechanismRole.Density) _mechanismSlots.Add((mechanism.Name, offset, mechanism.Parameters.Count));
                foreach (var parameter in mechanism.Parameters) _defaults[offset++] = parameter.Default;
            }
            // Geometry is checked below, Izhi2007b's values as they always were; density mechanisms against the catalog.
            var assignments = new List<(ValueSpec, int, string, ParameterInfo?)>();
            foreach (var g in cell.Geometry) assignments.Add((g.Value, MechanismCatalog.Geometry.IndexOf(g.Name), g.Name, null));
            foreach (var mech in cell.Mechs)
            {
                var info = MechanismCatalog.Find(mech.Name)!;
                foreach (var p in mech.Parameters) assignments.Add((p.Value, firstSlot[mech.Name] + info.IndexOf(p.Name), p.Name, info.Find(p.Name)));
            }
            foreach (var p in cell.Parameters)
                assignments.Add((p.Value, firstSlot[MechanismCatalog.Izhi2007b.Name] + MechanismCatalog.Izhi2007b.IndexOf(p.Name), p.Name, null));
            _assignments = assignments.ToArray();
        }

        public CellModel Model { get; }
        public CellParameterKeys Keys { get; }

        /// <summary>The cell's values (area and threshold left for the caller), each checked.</summary>
        public double[] Evaluate(ref Random123Stream stream, in CellTags tags)
        {
            var values = (double[])_defaults.Clone();
            foreach (var (value, slot, name, range) in _assignments)
            {
                double v = ValueDraw.Draw(value, ref stream, tags);
                if (!double.IsFinite(v))
                    throw NetworkBuilder.Invalid(name, $"Cell type '{_cell.Name}': {name} = {value} gave {NetworkBuilder.Num(v)} for a cell at ynorm {NetworkBuilder.Num(tags.YNorm)}.");
                if (range is not null && !range.Allows(v))
                    throw NetworkBuilder.Invalid(name, $"Cell type '{_cell.Name}': {name} = {value} gave {NetworkBuilder.Num(v)} for a cell at ynorm {NetworkBuilder.Num(tags.YNorm)}; {name} must be {Describe(range)}.");
                values[slot] = v;
            }
            Check(values, CellParameters.Diam, "diam", "um");
            Check(values, CellParameters.Length, "L", "um");
            Check(values, CellParameters.Cm, "cm", "uF/cm2");
            Check(values, CellParameters.Ra, "Ra", "ohm cm");
            return values;
        }

        private static string Describe(ParameterInfo range) =>
            double.IsPositiveInfinity(range.Max)
                ? (range.MinExclusive ? "> " : ">= ") + NetworkBuilder.Num(range.Min)
                : $"from {NetworkBuilder.Num(range.Min)} to {NetworkBuilder.Num(range.Max)}";

        private void Check(double[] values, int slot, string name, string unit)
        {
            if (!(values[slot] > 0)) throw NetworkBuilder.Invalid(name, $"Cell type '{_cell.Name}': {name} must be > 0 {unit} (got {NetworkBuilder.Num(values[slot])}).");
        }

        /// <summary>Hands each density mechanism of the cell its values (in catalog order).</summary>
        public void StoreMechanisms(DensityMechanisms mechanisms, int gid, double[] values)
        {
            foreach (var (name, first, count) in _mechanismSlots)
                mechanisms.Find(name)!.Store(gid, values.AsSpan(first, count));
        }
    }
}
