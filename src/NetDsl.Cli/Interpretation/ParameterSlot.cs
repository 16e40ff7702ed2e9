using NetDsl.Definition;
using NetDsl.Generators.Model;
using NetDsl.Models;

namespace NetDsl.Cli.Interpretation;

/// <summary>
/// One value of a file, held as the generated property holds it: a double, an int or a <see cref="ValueSpec"/>, with
/// the written value to start from and the same range check on every assignment.
/// </summary>
internal sealed class ParameterSlot
{
    private double _real;
    private int _integer;
    private ValueSpec _value;

    public ParameterSlot(ParameterSpec spec)
    {
        Spec = spec;
        switch (spec.Type)
        {
            case ParameterType.Integer:
                _integer = (int)(long)spec.A;
                break;
            case ParameterType.Distribution:
                _value = spec.Distribution switch
                {
                    1 => ValueSpec.Normal(spec.A, spec.B),
                    2 => ValueSpec.Uniform(spec.A, spec.B),
                    3 when spec.Expression is not null => ValueSpec.Of(ExpressionBuilder.Build(spec.Expression)),
                    _ => ValueSpec.Constant(spec.A),
                };
                break;
            default:
                _real = spec.A;
                break;
        }
    }

    public ParameterSpec Spec { get; }

    public string Path => Spec.Path;

    public double Real
    {
        get => Spec.Type == ParameterType.Real ? _real : throw WrongType(nameof(ParameterType.Real));
        set => _real = ParameterGuard.Real(Path, value, Spec.Min, Spec.MinInclusive, Spec.Max, Spec.MaxInclusive, Spec.RangeText);
    }

    public int Integer
    {
        get => Spec.Type == ParameterType.Integer ? _integer : throw WrongType(nameof(ParameterType.Integer));
        set => _integer = ParameterGuard.Integer(Path, value, Spec.Min, Spec.MinInclusive, Spec.Max, Spec.MaxInclusive, Spec.RangeText);
    }

    public ValueSpec Distribution
    {
        get => Spec.Type == ParameterType.Distribution ? _value : throw WrongType(nameof(ParameterType.Distribution));
        set => _value = ParameterGuard.Distribution(Path, value, Spec.Min, Spec.MinInclusive, Spec.Max, Spec.MaxInclusive, Spec.RangeText);
    }

    /// <summary>The value where the runtime takes a number: an int widens, as it does in generated code.</summary>
    public double Number => Spec.Type == ParameterType.Integer ? _integer : Real;

    /// <summary>The value where the runtime takes a <see cref="ValueSpec"/>: a number becomes a constant.</summary>
    public ValueSpec AsValue => Spec.Type == ParameterType.Distribution ? _value : ValueSpec.Constant(Number);

    private InvalidOperationException WrongType(string wanted) =>
        new($"{Path} is a {Spec.Type} parameter, read as {wanted}: the model interpreter and the generator disagree");
}
