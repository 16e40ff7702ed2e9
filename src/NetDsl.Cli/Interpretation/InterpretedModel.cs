using NetDsl.Definition;
using NetDsl.Generators.Model;

namespace NetDsl.Cli.Interpretation;

/// <summary>
/// A network model straight from the generator's model of a file, without compiling C#: the same name, parameter
/// paths, checks and <see cref="NetworkDefinition"/> as the class the generator emits for it (tests compare the two
/// for every example and test model). Expressions run through the delegates <c>ValueSpec.Of</c> builds from them,
/// with the generated code's results.
/// </summary>
internal sealed class InterpretedModel : INetworkModel
{
    private readonly NetworkSpec spec;
    private readonly InterpretedParameters parameters;

    public InterpretedModel(NetworkSpec spec)
    {
        this.spec = spec;
        parameters = new InterpretedParameters(spec);
    }

    public string Name => spec.ClassName;

    public IModelParameters Parameters => parameters;

    public NetworkDefinition ToDefinition() => DefinitionBuilder.Build(spec, parameters);
}
