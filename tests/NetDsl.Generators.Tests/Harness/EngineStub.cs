namespace NetDsl.Generators.Tests.Harness;

/// <summary>
/// Until the runtime in this repository contains the engine, generated code that calls it is compiled
/// against this declaration-only stand-in (never executed): it has exactly the engine's public surface
/// that generated code uses. Once NetDsl.Simulation.NetworkBuilder exists in the runtime, it is not used.
/// </summary>
public static class EngineStub
{
    public static bool RuntimeHasEngine { get; } =
        typeof(NetDsl.Definition.NetworkDefinition).Assembly.GetType("NetDsl.Simulation.NetworkBuilder") is not null;

    public const string Source = """
        namespace NetDsl.Simulation
        {
            public static class NetworkBuilder
            {
                public static Network Build(global::NetDsl.Definition.NetworkDefinition definition) => throw new global::System.NotSupportedException();
            }

            public sealed class Network
            {
                public SimulationResult Run(RunOptions? options = null) => throw new global::System.NotSupportedException();
            }
        }
        """;

    /// <summary>Sources to add to a test compilation so that the generator sees an engine.</summary>
    public static string[] SourcesIfNeeded() => RuntimeHasEngine ? new string[0] : new[] { Source };
}
