using System.Collections.Generic;
using System.Threading;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Semantics.Checks;

namespace NetDsl.Generators.Semantics;

/// <summary>Runs every rule of the language over a bound network, in a fixed order.</summary>
internal static class Checker
{
    private static readonly ISemanticCheck[] Checks =
    {
        new NetworkNameCheck(),
        new DuplicateNameCheck(),
        new ParamNameCheck(),
        new UnknownMechanismCheck(),
        new UnknownParameterCheck(),
        new PlasticityMechanismCheck(),
        new RequiredPlasticityParameterCheck(),
        new DuplicateParameterCheck(),
        new ValueKindCheck(),
        new UnitCheck(),
        new ExpressionUnitCheck(),
        new UnknownExpressionNameCheck(),
        new NotSupportedInContextCheck(),
        new FunctionCallCheck(),
        new IntegerCheck(),
        new NamedValueCheck(),
        new ListFileCheck(),
        new RangeCheck(),
        new PopulationSizeCheck(),
        new PlacementCheck(),
        new SpikeSourceStructureCheck(),
        new SpikeTrainFileCheck(),
        new WeightRecordCheck(),
        new SelectorConditionCheck(),
        new RuleOnlyParameterCheck(),
        new UnknownCellTypeCheck(),
        new UnknownTargetCheck(),
        new UnknownSynapseCheck(),
        new UnknownStimSourceCheck(),
        new GeneratorTargetCheck(),
        new TrainCountCheck(),
        new WeightRecordRuleCheck(),
        new UnknownRecordVariableCheck(),
        new RecordVariableAvailableCheck(),
        new UnknownPlotCheck(),
        new MissingPartCheck(),
        new MechanismCombinationCheck(),
        new ConflictingParametersCheck(),
        new DelayBelowDtCheck(),
        new ListPairRangeCheck(),
        new IncludeRangeCheck(),
        new NormalVarianceCheck(),
        new NormDistanceCheck(),
        new ClampAmplitudeCheck(),
        new RecordStepGridCheck(),
        new LookalikeNameCheck(),
        new NetStimRateCheck(),
        new PeakBelowThresholdCheck(),
        new PopulationWithoutInputCheck(),
        new EmptyNetworkCheck(),
    };

    /// <summary>
    /// Checks that relate statements to each other (references, inputs, sizes). With syntax errors some
    /// statements are missing, so these would only add confusing follow-up errors; they are skipped then.
    /// </summary>
    private static readonly System.Type[] WholeFileChecks =
    {
        typeof(UnknownCellTypeCheck), typeof(UnknownTargetCheck), typeof(UnknownSynapseCheck), typeof(UnknownStimSourceCheck),
        typeof(MissingPartCheck), typeof(RecordVariableAvailableCheck), typeof(ListPairRangeCheck), typeof(IncludeRangeCheck), typeof(PopulationWithoutInputCheck),
        typeof(DelayBelowDtCheck), typeof(EmptyNetworkCheck), typeof(GeneratorTargetCheck), typeof(TrainCountCheck), typeof(WeightRecordRuleCheck),
    };

    public static void Run(BoundNetwork network, List<DiagnosticInfo> diagnostics, bool wholeFile, CancellationToken cancellationToken)
    {
        var context = new CheckContext(network, diagnostics);
        foreach (var check in Checks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!wholeFile && System.Array.IndexOf(WholeFileChecks, check.GetType()) >= 0) continue;
            check.Check(context);
        }
    }
}
