using NetDsl.Definition;
using NetDsl.Random;

namespace NetDsl.Construction;

/// <summary>Evaluates a <see cref="ValueSpec"/> as NetPyNE evaluates a string function with <c>rand</c>.</summary>
internal static class ValueDraw
{
    public static double Draw(ValueSpec spec, ref Random123Stream stream) => spec.Kind switch
    {
        ValueKind.Constant => spec.A,
        ValueKind.Normal => stream.Normal(spec.A, spec.B),
        _ => stream.Uniform(spec.A, spec.B),
    };
}
