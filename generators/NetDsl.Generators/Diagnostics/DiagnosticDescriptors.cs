using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace NetDsl.Generators.Diagnostics;

/// <summary>
/// Every diagnostic NetDsl reports. Bands: 0001–0099 syntax, 0100–0199 names and references,
/// 0200–0299 values, units and ranges, 0300–0399 generation, 9000 internal error.
/// Each ID has a page docs/diagnostics/NDSLxxxx.md with the rule, a bad example and the fix.
/// </summary>
internal static class DiagnosticDescriptors
{
    /// <summary>Where the per-ID pages live, relative to the repository root.</summary>
    public const string HelpLinkBase = "docs/diagnostics/";

    private const string SyntaxCategory = "NetDsl.Syntax";
    private const string SemanticsCategory = "NetDsl.Semantics";
    private const string GenerationCategory = "NetDsl.Generation";

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = new();

    public static readonly DiagnosticDescriptor SyntaxError = Error("NDSL0001", "Syntax error", "{0}", SyntaxCategory);
    public static readonly DiagnosticDescriptor UnknownStatement = Error("NDSL0002", "Unknown statement",
        "Unknown statement '{0}'; a statement starts with network, param, cell, pop, syn, stim, conn, sim, record or plot.{1}", SyntaxCategory);
    public static readonly DiagnosticDescriptor UnclosedBracket = Error("NDSL0003", "Unclosed bracket",
        "'{0}' is never closed; add '{1}'", SyntaxCategory);

    public static readonly DiagnosticDescriptor UnknownTarget = Error("NDSL0101", "Unknown population or cell type",
        "'{0}' is not a population or cell type of this network.{1}", SemanticsCategory);
    public static readonly DiagnosticDescriptor UnknownSynapse = Error("NDSL0102", "Unknown synapse",
        "Synapse '{0}' is not declared.{1}", SemanticsCategory);
    public static readonly DiagnosticDescriptor UnknownStimSource = Error("NDSL0103", "Unknown stimulus source",
        "Stimulus source '{0}' is not declared.{1}", SemanticsCategory);
    public static readonly DiagnosticDescriptor UnknownCellType = Error("NDSL0104", "Unknown cell type",
        "Cell type '{0}' is not declared.{1}", SemanticsCategory);
    public static readonly DiagnosticDescriptor DuplicateName = Error("NDSL0105", "Duplicate name",
        "{0} '{1}' is already declared on line {2}", SemanticsCategory);
    public static readonly DiagnosticDescriptor UnknownMechanism = Error("NDSL0106", "Unknown mechanism",
        "Unknown {0} '{1}'; supported: {2}.{3}", SemanticsCategory);
    public static readonly DiagnosticDescriptor UnknownParameter = Error("NDSL0107", "Unknown parameter",
        "'{0}' is not a parameter of {1}.{2} Valid parameters: {3}.", SemanticsCategory);
    public static readonly DiagnosticDescriptor UnknownRecordVariable = Error("NDSL0108", "Unknown record variable",
        "Unknown record variable '{0}'; record {1} or g(<synapse>).{2}", SemanticsCategory);
    public static readonly DiagnosticDescriptor DuplicateParameter = Error("NDSL0109", "Duplicate parameter",
        "'{0}' is given more than once; keep one", SemanticsCategory);
    public static readonly DiagnosticDescriptor UnknownPlot = Error("NDSL0110", "Unknown plot",
        "Unknown plot '{0}'; use raster, traces, net2d, spikehist, rates or conn.{1}", SemanticsCategory);
    public static readonly DiagnosticDescriptor MissingPart = Error("NDSL0111", "Missing required part",
        "{0}", SemanticsCategory);
    public static readonly DiagnosticDescriptor UnknownValueName = Error("NDSL0112", "Unknown named value",
        "'{0}' is not a valid value for '{1}'; use {2}.{3}", SemanticsCategory);
    public static readonly DiagnosticDescriptor ConflictingParameters = Error("NDSL0113", "Conflicting parameters",
        "{0}", SemanticsCategory);
    public static readonly DiagnosticDescriptor UnsupportedMechanismCombination = Error("NDSL0114", "Unsupported mechanism combination",
        "Cell '{0}' combines the point process {1} with the density mechanism {2}; NetDsl does not support that combination yet: a cell is either {1} alone or made of density mechanisms ({3})", SemanticsCategory);
    public static readonly DiagnosticDescriptor RecordVariableUnavailable = Error("NDSL0115", "Record variable not available",
        "{0}", SemanticsCategory);
    public static readonly DiagnosticDescriptor UnknownExpressionName = Error("NDSL0116", "Unknown expression variable or function",
        "Unknown {1} '{0}' in {2}.{3} Valid {4}: {5}.", SemanticsCategory);
    public static readonly DiagnosticDescriptor NotSupportedInContext = Error("NDSL0117", "NetPyNE feature not supported here",
        "NetDsl does not support NetPyNE's '{0}' in {1}{2}. {3}.", SemanticsCategory);
    public static readonly DiagnosticDescriptor ReservedParamName = Error("NDSL0118", "Name a param cannot take",
        "A param cannot be called '{0}': {1}; choose another name", SemanticsCategory);
    public static readonly DiagnosticDescriptor UnknownCondition = Error("NDSL0119", "Unknown selector condition",
        "'{0}' is not a cell tag a selector condition can test.{1} Conditions test x, y, z (um) and xnorm, ynorm, znorm (fractions of sizeX, sizeY, sizeZ), e.g. RS(y=[100um, 1000um]).", SemanticsCategory);
    public static readonly DiagnosticDescriptor GeneratorAsTarget = Error("NDSL0120", "Spike generators only send spikes",
        "'{0}' is a population of {1} spike generators: its cells have no membrane and only send spikes, so they cannot {2}. {3}", SemanticsCategory);
    public static readonly DiagnosticDescriptor TrainCountMismatch = Error("NDSL0121", "One spike train per cell",
        "{0}", SemanticsCategory);
    public static readonly DiagnosticDescriptor UnknownConnectionRule = Error("NDSL0122", "Unknown connection rule",
        "'{0}' is not a connection rule of this network.{1} Rules: {2}.", SemanticsCategory);

    public static readonly DiagnosticDescriptor OutOfRange = Error("NDSL0201", "Value out of range",
        "{0}={1} is out of range: {2}", SemanticsCategory);
    public static readonly DiagnosticDescriptor DelayBelowDt = Error("NDSL0202", "Delay shorter than the time step",
        "Delay {0} ms is shorter than the time step dt={1} ms; use a delay of at least {1} ms or a smaller dt", SemanticsCategory);
    public static readonly DiagnosticDescriptor UnitMismatch = Error("NDSL0203", "Wrong unit",
        "{0}", SemanticsCategory);
    public static readonly DiagnosticDescriptor WrongValueKind = Error("NDSL0204", "Wrong kind of value",
        "'{0}' takes {1}, not {2}", SemanticsCategory);
    public static readonly DiagnosticDescriptor NormalTakesVariance = Warning("NDSL0205", "normal() takes a variance",
        "normal({0}, {1}) takes a variance, not a standard deviation: the SD is {2}. Write normal({0}, variance={1}) to keep it, or normal({0}, sd={1}) for an SD of {1}.", SemanticsCategory);
    public static readonly DiagnosticDescriptor LargeClampAmplitude = Warning("NDSL0206", "IClamp amplitude is in nA",
        "IClamp amp={0} is in nA ({0} nA = {1} pA); write amp={0}nA if that is intended, or give the unit, e.g. amp={0}pA", SemanticsCategory);
    public static readonly DiagnosticDescriptor PeakBelowThreshold = Warning("NDSL0207", "Spike peak below threshold",
        "Cell '{0}' peaks at vpeak={1} mV, below its spike threshold of {2} mV: its spikes are never detected. Lower the threshold, e.g. threshold={3}mV.", SemanticsCategory);
    public static readonly DiagnosticDescriptor PopulationWithoutInput = Warning("NDSL0208", "Population receives no input",
        "Population '{0}' receives no stimulus and no connection; it will stay at rest. Add a 'stim ... -> {0}' or a 'conn ... -> {0}'.", SemanticsCategory);
    public static readonly DiagnosticDescriptor EmptyNetwork = Warning("NDSL0214", "The network has no cells",
        "The file declares no population, so the network has no cells and a run simulates nothing. Add a cell type and a population, e.g. 'pop E: IZH x 20'.", SemanticsCategory);
    public static readonly DiagnosticDescriptor ListFileNotSupported = Error("NDSL0209", "Connection list file",
        "A connection list file ('{0}') cannot be read at compile time; write the pairs inline, e.g. list=[(0, 1), (2, 3)]", SemanticsCategory);
    public static readonly DiagnosticDescriptor ListIndexOutOfRange = Error("NDSL0210", "Connection pair out of range",
        "Pair ({0}, {1}) is outside the selected cells: pre has {2} cells, post has {3} (indices start at 0)", SemanticsCategory);
    public static readonly DiagnosticDescriptor NotAnInteger = Error("NDSL0211", "Whole number expected",
        "{0}={1} must be a whole number", SemanticsCategory);
    public static readonly DiagnosticDescriptor ExpressionUnitMismatch = Error("NDSL0212", "Unit mismatch in an expression",
        "{0}", SemanticsCategory);
    public static readonly DiagnosticDescriptor BadFunctionCall = Error("NDSL0213", "Wrong function arguments",
        "{0}", SemanticsCategory);

    public static readonly DiagnosticDescriptor NormDistanceNaN = Warning("NDSL0215", "dist_norm2D and dist_norm3D are NaN for many pairs",
        "NetPyNE 1.1.0 computes '{0}' with a signed difference under an inner square root, so it is NaN whenever the presynaptic cell's {1} is below the postsynaptic cell's; NetDsl computes NetPyNE's formula and the build stops at the first NaN. Use dist_3D divided by a length, or sqrt(dist_xnorm**2 + dist_ynorm**2 + dist_znorm**2).", SemanticsCategory);
    public static readonly DiagnosticDescriptor RecordStepOffGrid = Warning("NDSL0217", "recordStep is not a multiple of dt",
        "recordStep={0} ms is {1} dt = {2} ms: NEURON samples at the grid times the record times round to, so {3}. Use a multiple of dt, e.g. recordStep={4}ms.", SemanticsCategory);
    public static readonly DiagnosticDescriptor HugeClampAmplitude = Warning("NDSL0218", "IClamp amplitude far beyond a soma's range",
        "IClamp amp={0} is {1} nA; a few nA already drive a soma hard, so the cell will saturate or the run diverge. Check the unit (pA, nA, uA).", SemanticsCategory);
    public static readonly DiagnosticDescriptor RateAboveStepRate = Warning("NDSL0220", "NetStim rate above one event per time step",
        "rate={0} is {1} events per step of dt = {2} ms: the events of a step all arrive in it, and a run of {3} ms draws {4} events per NetStim. A rate is in Hz (events per second); write e.g. rate=100Hz.", SemanticsCategory);
    public static readonly DiagnosticDescriptor LookalikeName = Warning("NDSL0219", "Names that look the same",
        "'{0}' looks like '{1}' (line {2}) but is another name: it has {3}; rename one so a reader can tell them apart", SemanticsCategory);
    public static readonly DiagnosticDescriptor SpikeTrainFileMissing = Warning("NDSL0216", "Spike-train file not found",
        "Spike-train file '{0}' does not exist ({1}); the network cannot be built until it does. A relative path is read from the .netdsl file's folder.", SemanticsCategory);

    public static readonly DiagnosticDescriptor DuplicateNetwork = Error("NDSL0301", "Duplicate network",
        "Network '{0}' is also generated from {1}; give one of the files another 'network' name", GenerationCategory);
    public static readonly DiagnosticDescriptor InvalidNetworkName = Error("NDSL0302", "Invalid network name",
        "'{0}' cannot be the network's class name: it must be letters, digits and '_', starting with a letter, and not a C# keyword or a member of the generated class; add or change 'network <Name>'", GenerationCategory);
    public static readonly DiagnosticDescriptor TooManyStatements = Error("NDSL0303", "Too many statements of one kind",
        "The file has {0} {1} statements; a file holds at most {2}: each becomes typed members of the generated class, and compiling far more takes minutes and gigabytes. {3}", GenerationCategory);

    public static readonly DiagnosticDescriptor InternalError = Error("NDSL9000", "Internal generator error",
        "NetDsl could not process this file because of an internal error ({0}); please report it with the file", GenerationCategory);

    public static DiagnosticDescriptor Get(string id) => ById[id];

    public static IEnumerable<DiagnosticDescriptor> All => ById.Values;

    private static DiagnosticDescriptor Error(string id, string title, string message, string category) =>
        Register(new DiagnosticDescriptor(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: title + ".", helpLinkUri: HelpLinkBase + id + ".md", WellKnownDiagnosticTags.NotConfigurable));

    private static DiagnosticDescriptor Warning(string id, string title, string message, string category) =>
        Register(new DiagnosticDescriptor(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: title + ".", helpLinkUri: HelpLinkBase + id + ".md"));

    private static DiagnosticDescriptor Register(DiagnosticDescriptor descriptor)
    {
        ById.Add(descriptor.Id, descriptor);
        return descriptor;
    }
}
