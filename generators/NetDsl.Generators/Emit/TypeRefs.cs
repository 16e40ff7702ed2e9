namespace NetDsl.Generators.Emit;

/// <summary>Fully qualified names used by generated code, so it never depends on the user's usings.</summary>
internal static class TypeRefs
{
    public const string INetworkModel = "global::NetDsl.INetworkModel";
    public const string IModelParameters = "global::NetDsl.IModelParameters";
    public const string NetworkDefinition = "global::NetDsl.Definition.NetworkDefinition";
    public const string CellDefinition = "global::NetDsl.Definition.CellDefinition";
    public const string NamedValue = "global::NetDsl.Definition.NamedValue";
    public const string PlasticityDefinition = "global::NetDsl.Definition.PlasticityDefinition";
    public const string MechanismDefinition = "global::NetDsl.Definition.MechanismDefinition";
    public const string ValueExpression = "global::NetDsl.Definition.ValueExpression";
    public const string ExpressionVariable = "global::NetDsl.Definition.ExpressionVariable";
    public const string ExpressionOperator = "global::NetDsl.Definition.ExpressionOperator";
    public const string ExpressionFunction = "global::NetDsl.Definition.ExpressionFunction";
    public const string InvalidOperationException = "global::System.InvalidOperationException";
    public const string ValueSpec = "global::NetDsl.Definition.ValueSpec";
    public const string ValueKind = "global::NetDsl.Definition.ValueKind";
    public const string PopulationDefinition = "global::NetDsl.Definition.PopulationDefinition";
    public const string PlacementRange = "global::NetDsl.Definition.PlacementRange";
    public const string CellLocation = "global::NetDsl.Definition.CellLocation";
    public const string SynapseDefinition = "global::NetDsl.Definition.SynapseDefinition";
    public const string StimSourceDefinition = "global::NetDsl.Definition.StimSourceDefinition";
    public const string NetStimSource = "global::NetDsl.Definition.NetStimSource";
    public const string IClampSource = "global::NetDsl.Definition.IClampSource";
    public const string VecStimSource = "global::NetDsl.Definition.VecStimSource";
    public const string SpikeTrainFile = "global::NetDsl.Definition.SpikeTrainFile";
    public const string SpikePulse = "global::NetDsl.Definition.SpikePulse";
    public const string StimTargetDefinition = "global::NetDsl.Definition.StimTargetDefinition";
    public const string ConnectionDefinition = "global::NetDsl.Definition.ConnectionDefinition";
    public const string ConnectionRuleKind = "global::NetDsl.Definition.ConnectionRuleKind";
    public const string CellSelector = "global::NetDsl.Definition.CellSelector";
    public const string TagCondition = "global::NetDsl.Definition.TagCondition";
    public const string CellTag = "global::NetDsl.Definition.CellTag";
    public const string CellPair = "global::NetDsl.Definition.CellPair";
    public const string Random123Stream = "global::NetDsl.Random.Random123Stream";
    public const string ConnectivityFeature = "global::NetDsl.Definition.ConnectivityFeature";
    public const string Math = "global::System.Math";
    public const string RecordDefinition = "global::NetDsl.Definition.RecordDefinition";
    public const string RecordVariable = "global::NetDsl.Definition.RecordVariable";
    public const string PlotDefinition = "global::NetDsl.Definition.PlotDefinition";
    public const string PlotKind = "global::NetDsl.Definition.PlotKind";
    public const string NetworkBuilder = "global::NetDsl.Simulation.NetworkBuilder";
    public const string Network = "global::NetDsl.Simulation.Network";
    public const string RunOptions = "global::NetDsl.Simulation.RunOptions";
    public const string SimulationResult = "global::NetDsl.Simulation.SimulationResult";
    public const string TraceRecord = "global::NetDsl.Simulation.TraceRecord";
    public const string ReadOnlyList = "global::System.Collections.Generic.IReadOnlyList";
    public const string List = "global::System.Collections.Generic.List";
    public const string ArgumentException = "global::System.ArgumentException";
    public const string ArgumentOutOfRangeException = "global::System.ArgumentOutOfRangeException";
    public const string ArgumentNullException = "global::System.ArgumentNullException";
    public const string GeneratedCode = "global::System.CodeDom.Compiler.GeneratedCode";

    // The runtime's helpers for generated models (src/NetDsl/Models): what does not depend on the model lives there.
    public const string Population = "global::NetDsl.Models.Population";
    public const string PopulationResult = "global::NetDsl.Models.PopulationResult";
    public const string PopulationResultSet = "global::NetDsl.Models.PopulationResultSet";
    public const string NetworkResult = "global::NetDsl.Models.NetworkResult";
    public const string NetworkParameters = "global::NetDsl.Models.NetworkParameters";
    public const string ParameterGuard = "global::NetDsl.Models.ParameterGuard";
    public const string ValueLimits = "global::NetDsl.Models.ValueLimits";
    public const string Choices = "global::NetDsl.Models.Choices";
}
