using Microsoft.CodeAnalysis;

namespace NetDsl.Generators;

[Generator(LanguageNames.CSharp)]
public sealed class NetDslGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
