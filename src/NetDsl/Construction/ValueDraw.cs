using NetDsl.Definition;
using NetDsl.Random;

namespace NetDsl.Construction;

/// <summary>Evaluates a <see cref="ValueSpec"/> as NetPyNE evaluates a string function with <c>rand</c>.</summary>
internal static class ValueDraw
{
    public static double Draw(ValueSpec spec, ref Random123Stream stream) => Draw(spec, ref stream, default(CellTags));

    /// <summary>A cell's value: its variables (x, ynorm, ...) read the cell's tags.</summary>
    public static double Draw(ValueSpec spec, ref Random123Stream stream, in CellTags tags) => Draw(spec, ref stream, new CellPair(in tags, in tags));

    /// <summary>A pair's value; an expression through its code (<see cref="ValueSpec.Compiled"/>).</summary>
    public static double Draw(in ValueSpec spec, ref Random123Stream stream, in CellPair pair) => spec.Kind switch
    {
        ValueKind.Constant => spec.A,
        ValueKind.Normal => stream.Normal(spec.A, spec.B),
        ValueKind.Uniform => stream.Uniform(spec.A, spec.B),
        _ => (spec.Compiled ?? throw new InvalidOperationException("An expression value has no code: make it with ValueSpec.Of."))(pair, ref stream),
    };
}
