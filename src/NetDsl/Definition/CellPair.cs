using NetDsl.Random;

namespace NetDsl.Definition;

/// <summary>A cell's position tags, as NetPyNE keeps them: x, y, z in µm and the position as a fraction of sizeX, sizeY, sizeZ.</summary>
public readonly record struct CellTags(double X, double Y, double Z, double XNorm, double YNorm, double ZNorm)
{
    /// <summary>The tag a cell-parameter variable or a selector condition reads.</summary>
    public double this[ExpressionVariable variable] => variable switch
    {
        ExpressionVariable.X => X,
        ExpressionVariable.Y => Y,
        ExpressionVariable.Z => Z,
        ExpressionVariable.XNorm => XNorm,
        ExpressionVariable.YNorm => YNorm,
        ExpressionVariable.ZNorm => ZNorm,
        _ => throw new ArgumentOutOfRangeException(nameof(variable), variable, "Not a tag of one cell."),
    };

    /// <summary>The tag a selector condition tests.</summary>
    public double this[CellTag tag] => this[(ExpressionVariable)(int)tag];
}

/// <summary>
/// The pre- and postsynaptic cell of a connection as its expressions see them: NetPyNE's <c>pre_*</c>, <c>post_*</c>
/// and <c>dist_*</c> variables (network/conn.py:215-259), computed in NetPyNE's arithmetic.
/// </summary>
/// <remarks>
/// A ref struct of two references to the cells' tags: making a pair copies nothing, which matters because one is made
/// for every pair a rule considers (copying the 96 bytes of two tags costs ten times the arithmetic of dist_3D).
/// </remarks>
public readonly ref struct CellPair
{
    public readonly ref readonly CellTags Pre;
    public readonly ref readonly CellTags Post;

    public CellPair(ref readonly CellTags pre, ref readonly CellTags post)
    {
        Pre = ref pre;
        Post = ref post;
    }

    public double DistX => Math.Abs(Pre.X - Post.X);
    public double DistY => Math.Abs(Pre.Y - Post.Y);
    public double DistZ => Math.Abs(Pre.Z - Post.Z);
    public double DistXNorm => Math.Abs(Pre.XNorm - Post.XNorm);
    public double DistYNorm => Math.Abs(Pre.YNorm - Post.YNorm);
    public double DistZNorm => Math.Abs(Pre.ZNorm - Post.ZNorm);

    /// <summary>√(Δx² + Δz²): NetPyNE's dist_2D, in the x–z plane.</summary>
    public double Dist2D => Math.Sqrt(Square(Pre.X - Post.X) + Square(Pre.Z - Post.Z));

    /// <summary>√(Δx² + Δy² + Δz²): NetPyNE's dist_3D.</summary>
    public double Dist3D => Math.Sqrt(Square(Pre.X - Post.X) + Square(Pre.Y - Post.Y) + Square(Pre.Z - Post.Z));

    /// <summary>NetPyNE 1.1.0's dist_norm2D, signed inner root included (NaN when pre znorm &lt; post znorm).</summary>
    public double DistNorm2D => Math.Sqrt(Square(Pre.XNorm - Post.XNorm) + Math.Sqrt(Pre.ZNorm - Post.ZNorm));

    /// <summary>NetPyNE 1.1.0's dist_norm3D, signed inner roots included.</summary>
    public double DistNorm3D => Math.Sqrt(Square(Pre.XNorm - Post.XNorm) + Math.Sqrt(Pre.YNorm - Post.YNorm) + Math.Sqrt(Pre.ZNorm - Post.ZNorm));

    /// <summary>The value of any variable; cell variables (x, ynorm, ...) read the postsynaptic cell.</summary>
    public double this[ExpressionVariable variable] => variable switch
    {
        <= ExpressionVariable.ZNorm => Post[variable],
        ExpressionVariable.PreX => Pre.X,
        ExpressionVariable.PreY => Pre.Y,
        ExpressionVariable.PreZ => Pre.Z,
        ExpressionVariable.PreXNorm => Pre.XNorm,
        ExpressionVariable.PreYNorm => Pre.YNorm,
        ExpressionVariable.PreZNorm => Pre.ZNorm,
        ExpressionVariable.PostX => Post.X,
        ExpressionVariable.PostY => Post.Y,
        ExpressionVariable.PostZ => Post.Z,
        ExpressionVariable.PostXNorm => Post.XNorm,
        ExpressionVariable.PostYNorm => Post.YNorm,
        ExpressionVariable.PostZNorm => Post.ZNorm,
        ExpressionVariable.DistX => DistX,
        ExpressionVariable.DistY => DistY,
        ExpressionVariable.DistZ => DistZ,
        ExpressionVariable.DistXNorm => DistXNorm,
        ExpressionVariable.DistYNorm => DistYNorm,
        ExpressionVariable.DistZNorm => DistZNorm,
        ExpressionVariable.Dist2D => Dist2D,
        ExpressionVariable.Dist3D => Dist3D,
        ExpressionVariable.DistNorm2D => DistNorm2D,
        _ => DistNorm3D,
    };

    // Python's float ** 2 is pow(d, 2), correctly rounded: the same double as the product.
    private static double Square(double value) => value * value;
}

/// <summary>
/// An expression compiled to code (what the generator emits for each connection expression): the pair it is evaluated
/// for and the stream its random calls draw from, in NetPyNE's order.
/// </summary>
public delegate double PairFunction(in CellPair pair, ref Random123Stream random);

/// <summary>A cell tag a selector condition tests (NetPyNE's conds keys x, y, z, xnorm, ynorm, znorm).</summary>
public enum CellTag
{
    X = ExpressionVariable.X,
    Y = ExpressionVariable.Y,
    Z = ExpressionVariable.Z,
    XNorm = ExpressionVariable.XNorm,
    YNorm = ExpressionVariable.YNorm,
    ZNorm = ExpressionVariable.ZNorm,
}

/// <summary>A selector condition <c>lo &lt;= tag &lt; hi</c>: NetPyNE tests a range condition half-open (conn.py:156-199).</summary>
public readonly record struct TagCondition(CellTag Tag, double Min, double Max)
{
    public bool Holds(in CellTags tags)
    {
        double value = tags[Tag];
        return Min <= value && value < Max;
    }

    /// <summary>NetPyNE's conds entry: <c>y=[100, 1000]</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{Name(Tag)}=[{Min:R}, {Max:R}]");

    public static string Name(CellTag tag) => ValueExpression.Name((ExpressionVariable)(int)tag);
}
