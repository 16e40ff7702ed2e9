using System.Globalization;
using System.Linq;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Syntax;

namespace NetDsl.Generators.Semantics.Checks;

/// <summary>
/// NDSL0201: values inside their range (probability and noise in [0, 1], positive taus and dt,
/// non-negative counts, delays and times, celltype 1–7, variance ≥ 0, uniform low ≤ high).
/// <code>conn E -> E p=1.5   # error: p=1.5 is out of range: a probability must be between 0 and 1</code>
/// </summary>
internal sealed class RangeCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var (argument, value) in context.ConvertedArguments())
        {
            if (value.Problem == ConversionProblem.OutOfRange)
            {
                context.Report(DiagnosticDescriptors.OutOfRange, value.ProblemSpan, argument.Node.Key, value.ProblemText, value.ProblemDetail[0]);
                continue;
            }
            if (!value.Ok) continue;
            var def = argument.Def!;
            string key = argument.Node.Key;
            var span = argument.Node.Value?.Span ?? argument.Node.Span;
            switch (def.Kind)
            {
                case ParameterKind.Real:
                case ParameterKind.Integer:
                case ParameterKind.Choice when value.Name is null:
                    // An expression (p=0.1*exp(-dist_3D/150um)) has a value per pair; only a constant one is checked here.
                    if (value.Kind == DistributionKind.Expression && !value.IsConstantExpression) break;
                    if (!def.Range.Contains(value.A)) context.Report(DiagnosticDescriptors.OutOfRange, span, key, value.Text, def.Range.Description);
                    break;
                case ParameterKind.Distribution:
                    if (value.Kind == DistributionKind.Constant && !def.Range.Contains(value.A))
                        context.Report(DiagnosticDescriptors.OutOfRange, span, key, value.Text, def.Range.Description);
                    else if (value.Kind == DistributionKind.Normal && value.B < 0)
                        context.Report(DiagnosticDescriptors.OutOfRange, span, key, value.Text, "a variance must be 0 or more");
                    else if (value.Kind == DistributionKind.Uniform && value.A > value.B)
                        context.Report(DiagnosticDescriptors.OutOfRange, span, key, value.Text, "uniform(low, high) needs low <= high");
                    else if (value.Kind == DistributionKind.Uniform && def.Range.Min >= 0 && value.A < 0)
                        context.Report(DiagnosticDescriptors.OutOfRange, span, key, value.Text, def.Range.Description);
                    else if (value.Kind == DistributionKind.Expression && value.IsConstantExpression && !def.Range.Contains(value.A))
                        context.Report(DiagnosticDescriptors.OutOfRange, span, key, value.Text, def.Range.Description);
                    break;
                case ParameterKind.TimeList:
                case ParameterKind.TrainList:
                    foreach (var (time, timeSpan) in value.Times.Where(t => t.Value < 0))
                        context.Report(DiagnosticDescriptors.OutOfRange, timeSpan, key, time.ToString("R", CultureInfo.InvariantCulture), "times must be 0 or more");
                    break;
            }
        }
    }
}

/// <summary>
/// NDSL0201 / NDSL0211 / NDSL0203 for population sizes: <c>x N</c> is a whole number of cells, 0 or more.
/// <code>pop E: IZH x -5   # error: x=-5 is out of range: it must be 0 or more</code>
/// </summary>
internal sealed class PopulationSizeCheck : ISemanticCheck
{
    /// <summary>"0x10": a zero followed by the "unit" x and hexadecimal digits; its value, or null.</summary>
    private static long? Hexadecimal(Syntax.NumberNode count)
    {
        string unit = count.Unit!;
        if (count.Text != "0" || unit.Length < 2 || unit.Length > 15 || (unit[0] != 'x' && unit[0] != 'X')) return null;
        return long.TryParse(unit.Substring(1), System.Globalization.NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long value) ? value : null;
    }

    public void Check(CheckContext context)
    {
        foreach (var pop in context.Network.Populations)
        {
            if (pop.Count is not { } count) continue;
            if (count.Unit is not null && Hexadecimal(count) is long hex)
                context.Report(DiagnosticDescriptors.UnitMismatch, count.Span, $"Hexadecimal numbers are not supported: 0{count.Unit} is read as 0 with the unit '{count.Unit}'; write x {hex}");
            else if (count.Unit is not null)
                context.Report(DiagnosticDescriptors.UnitMismatch, count.UnitSpan, $"A population size is a number of cells and takes no unit; write x {count.Text}");
            else if (count.Value != System.Math.Floor(count.Value) || double.IsInfinity(count.Value))
                context.Report(DiagnosticDescriptors.NotAnInteger, count.Span, "x", count.Text);
            else if (count.Value < 0 || count.Value > 10_000_000)
                context.Report(DiagnosticDescriptors.OutOfRange, count.Span, "x", count.Text, "a population has 0 to 10000000 cells");
        }
    }
}

/// <summary>
/// NDSL0202: NEURON delivers events on the time grid; a delay below dt cannot be honoured.
/// <code>sim dt=0.1
/// conn E -> E p=0.1 d=0.05   # error: delay 0.05 ms is shorter than the time step dt=0.1 ms</code>
/// </summary>
internal sealed class DelayBelowDtCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        double dt = context.Dt();
        var delays = context.Network.StimTargets.Select(t => t.Arguments.Get("d"))
            .Concat(context.Network.Connections.Select(c => c.Arguments.Get("d")));
        foreach (var delay in delays)
        {
            if (delay is null) continue;
            var value = context.Convert(delay);
            if (!value.Ok || (value.Kind == DistributionKind.Expression && !value.IsConstantExpression)) continue;
            // For a distribution, its lowest typical value counts: uniform's low end, normal's mean.
            double shortest = value.A;
            if (shortest >= 0 && shortest < dt)
            {
                context.Report(DiagnosticDescriptors.DelayBelowDt, delay.Node.Value!.Span,
                    shortest.ToString("R", CultureInfo.InvariantCulture), dt.ToString("R", CultureInfo.InvariantCulture));
            }
        }
    }
}

/// <summary>
/// NDSL0206 and NDSL0218 (warnings): IClamp's amp is in nA. A bare number above a few nA is usually meant in pA
/// (NDSL0206); one above 1 uA written with a unit is almost always the wrong unit (NDSL0218).
/// <code>stim clamp: IClamp del=50 dur=1000 amp=10      # warning: 10 nA = 10000 pA; write amp=10nA if intended
/// stim clamp: IClamp del=50 dur=1000 amp=1e9nA   # warning: 1e9 nA; check the unit</code>
/// </summary>
internal sealed class ClampAmplitudeCheck : ISemanticCheck
{
    /// <summary>Above this a bare amplitude is suspicious: a few nA already drive a 100 pF soma hard.</summary>
    public const double SuspiciousNanoAmperes = 5;

    /// <summary>1 uA: a thousand times what drives a 100 pF soma hard.</summary>
    public const double HugeNanoAmperes = 1000;

    public void Check(CheckContext context)
    {
        foreach (var stim in context.Network.StimSources.Where(s => s.Statement.Kind.Name == ParameterTables.IClamp && s.Arguments is not null))
        {
            var amp = stim.Arguments!.Get("amp");
            if (amp is null) continue;
            var value = ValueConverter.Convert(amp.Node, amp.Def!);
            if (!value.Ok) continue;
            if (!value.HasUnit && System.Math.Abs(value.A) > SuspiciousNanoAmperes)
            {
                context.Report(DiagnosticDescriptors.LargeClampAmplitude, amp.Node.Value!.Span, value.Text,
                    (value.A * 1000).ToString("R", CultureInfo.InvariantCulture));
            }
            else if (value.HasUnit && System.Math.Abs(value.A) > HugeNanoAmperes)
            {
                context.Report(DiagnosticDescriptors.HugeClampAmplitude, amp.Node.Value!.Span, value.Text, value.A.ToString("R", CultureInfo.InvariantCulture));
            }
        }
    }
}

/// <summary>
/// NDSL0220 (warning): a NetStim (stimulus or population) faster than one event per time step: known from the file
/// before anything runs (issue F8 found rate=1e9 by fuzzing: 4·10^10 events per NetStim over a second).
/// <code>stim b: NetStim rate=1e6   # warning: 25 events per step of dt = 0.025 ms</code>
/// </summary>
internal sealed class NetStimRateCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        double dt = context.Dt();
        double duration = 1000;
        foreach (var arg in context.Network.SimArguments().Where(a => a.Def?.Name == "duration"))
        {
            var value = ValueConverter.Convert(arg.Node, arg.Def!);
            if (value.Ok) duration = value.A;
        }
        var sources = context.Network.StimSources.Where(s => s.Statement.Kind.Name == "NetStim" && s.Arguments is not null).Select(s => s.Arguments!)
            .Concat(context.Network.Generators.Where(g => g.Model == "NetStim").Select(g => g.Arguments));
        foreach (var args in sources)
        {
            var rate = args.Get("rate");
            if (rate is null) continue;
            var value = ValueConverter.Convert(rate.Node, rate.Def!);
            if (!value.Ok || !(dt > 0)) continue;
            double perStep = value.A * dt / 1000;
            if (perStep <= 1) continue;
            context.Report(DiagnosticDescriptors.RateAboveStepRate, rate.Node.Value!.Span, value.Text,
                perStep.ToString("0.###", CultureInfo.InvariantCulture), dt.ToString("R", CultureInfo.InvariantCulture),
                duration.ToString("R", CultureInfo.InvariantCulture), (value.A * duration / 1000).ToString("0.###e0", CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>
/// NDSL0217 (warning): a recordStep below dt, or not a whole number of steps, samples the grid unevenly (repeated or
/// skipped values), as NEURON's Vector.record does.
/// <code>sim dt=0.025ms recordStep=0.01ms   # warning: 0.4 dt; use a multiple of dt</code>
/// </summary>
internal sealed class RecordStepGridCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        double dt = context.Dt();
        foreach (var arg in context.Network.SimArguments().Where(a => a.Def?.Name == "recordStep"))
        {
            var value = ValueConverter.Convert(arg.Node, arg.Def!);
            if (!value.Ok || !(value.A > 0) || !(dt > 0)) continue;
            double steps = value.A / dt;
            // A multiple within rounding (0.1 / 0.025 is 4.000000000000001) samples every step it should.
            if (System.Math.Abs(steps - System.Math.Round(steps)) <= 1e-9 * System.Math.Max(1, steps) && steps >= 1) continue;
            string effect = steps < 1 ? "several samples repeat the same step's value" : "the interval between samples alternates";
            double suggestion = System.Math.Max(1, System.Math.Round(steps)) * dt;
            context.Report(DiagnosticDescriptors.RecordStepOffGrid, arg.Node.Value!.Span,
                value.A.ToString("R", CultureInfo.InvariantCulture), steps.ToString("0.###", CultureInfo.InvariantCulture),
                dt.ToString("R", CultureInfo.InvariantCulture), effect, suggestion.ToString("0.####", CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>
/// NDSL0207 (warning): a cell whose vpeak is below its spike threshold never reports a spike
/// (NetPyNE's RTN cell, vpeak 0, with the default 10 mV threshold).
/// <code>cell RTN { soma diam=10 L=10 cm=31.831; Izhi2007b vpeak=0 celltype=RTN }   # warning</code>
/// </summary>
internal sealed class PeakBelowThresholdCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var cell in context.Network.Cells.Where(c => c.MechanismItems.Count > 0))
        {
            double vpeak = Value(cell.Mechanism.Get("vpeak"), 35);
            double threshold = Value(cell.Settings.Get("threshold"), 10);
            if (vpeak < threshold)
            {
                var at = cell.Mechanism.Get("vpeak")?.Node.Value?.Span ?? cell.Settings.Get("threshold")?.Node.Value?.Span ?? cell.MechanismItems[0].Keyword!.Span;
                context.Report(DiagnosticDescriptors.PeakBelowThreshold, at, cell.Name.Name, Format(vpeak), Format(threshold), Format(vpeak - 5));
            }
        }
    }

    private static double Value(BoundArgument? argument, double fallback)
    {
        if (argument?.Def is null) return fallback;
        var value = ValueConverter.Convert(argument.Node, argument.Def);
        // An expression's value is known only per cell, unless it is constant.
        return value.Ok && (value.Kind != DistributionKind.Expression || value.IsConstantExpression) ? value.A : fallback;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// NDSL0208 (warning): a population that no stimulus and no connection reaches stays at rest.
/// <code>pop E: IZH x 20
/// pop I: IZH x 5
/// stim bkg -> E    # warning on I: receives no input</code>
/// </summary>
internal sealed class PopulationWithoutInputCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        var net = context.Network;
        // Spike generators only send spikes: they receive nothing by design.
        foreach (var pop in net.Populations.Where(p => net.GeneratorOf(p) is null))
        {
            bool Reaches(TargetNode target) => target.All || target.Names.Any(n => n.Name == pop.Name.Name || (net.FindPopulation(n.Name) is null && n.Name == pop.Cell.Name));
            bool fed = net.StimTargets.Any(t => Reaches(t.Statement.Target)) || net.Connections.Any(c => Reaches(c.Statement.Post));
            if (!fed && (pop.Count is null || pop.Count.Value > 0))
            {
                context.Report(DiagnosticDescriptors.PopulationWithoutInput, pop.Name.Span, pop.Name.Name);
            }
        }
    }
}

/// <summary>
/// NDSL0214: a file with no population builds a network of no cells, which runs and writes empty results.
/// <code>sim duration=100ms   # warning: the file declares no population</code>
/// </summary>
internal sealed class EmptyNetworkCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        if (context.Network.Populations.Count == 0)
            context.Report(DiagnosticDescriptors.EmptyNetwork, new Syntax.SourceSpan(0, 0));
    }
}

/// <summary>
/// NDSL0210: <c>list=[(pre, post)]</c> indices are relative to the selected cells and must exist.
/// <code>pop E: IZH x 2
/// conn E -> E list=[(0, 5)]   # error: pair (0, 5) is outside the selected cells</code>
/// </summary>
internal sealed class ListPairRangeCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var conn in context.Network.Connections)
        {
            var list = conn.Arguments.Get("list");
            if (list is null) continue;
            var value = ValueConverter.Convert(list.Node, list.Def!);
            if (!value.Ok) continue;
            int? pre = context.TargetSize(conn.Statement.Pre);
            int? post = context.TargetSize(conn.Statement.Post);
            if (pre is null || post is null) continue;
            foreach (var (a, b, span) in value.Pairs)
            {
                if (a < 0 || b < 0 || a >= pre || b >= post)
                {
                    context.Report(DiagnosticDescriptors.ListIndexOutOfRange, span, Format(a), Format(b), pre.Value.ToString(CultureInfo.InvariantCulture), post.Value.ToString(CultureInfo.InvariantCulture));
                }
            }
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// NDSL0201 for plot includes: gids exist in the network, (pop, index) exists in the population.
/// <code>pop E: IZH x 20
/// plot traces include=[25]   # error: include=25 is out of range: the network has gids 0 to 19</code>
/// </summary>
internal sealed class IncludeRangeCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        int total = 0;
        foreach (var pop in context.Network.Populations)
        {
            var size = context.PopulationSize(pop.Name.Name);
            if (size is null) return;
            total += size.Value;
        }
        foreach (var plot in context.Network.Plots)
        {
            var include = plot.Arguments.Get("include");
            if (include is null) continue;
            var value = ValueConverter.Convert(include.Node, include.Def!);
            foreach (var item in value.Include)
            {
                string index = item.Text ?? item.Index.ToString(CultureInfo.InvariantCulture);
                if (item.Population is null && (item.Index < 0 || item.Index >= total))
                {
                    context.Report(DiagnosticDescriptors.OutOfRange, item.Span, "include", index, $"the network has gids 0 to {total - 1}");
                }
                else if (item.Population is not null && item.Index == IncludeItem.NegativeIndex)
                {
                    string cells = context.PopulationSize(item.Population) is int count ? $" ('{item.Population}' has cells 0 to {count - 1})" : string.Empty;
                    context.Report(DiagnosticDescriptors.OutOfRange, item.IndexSpan, "include", $"({item.Population}, {index})",
                        $"a cell index is 0 or more{cells}; write {item.Population} alone for the whole population");
                }
                else if (item.Population is not null && item.Index >= 0 && context.PopulationSize(item.Population) is int size && item.Index >= size)
                {
                    context.Report(DiagnosticDescriptors.OutOfRange, item.Span, "include", $"({item.Population}, {index})", $"'{item.Population}' has cells 0 to {size - 1}");
                }
            }
        }
    }
}

/// <summary>
/// NDSL0107 / NDSL0109 / NDSL0113 / NDSL0111 / NDSL0203 / NDSL0204 / NDSL0201 for a population's placement keys
/// (xRange, yRange, zRange in µm; xnormRange, ynormRange, znormRange; density in cells/mm³; gridSpacing in µm;
/// cellsList of (x, y, z) in µm).
/// <code>pop D: FS x 10 density=20000   # error: gives both x 10 and density, which sets the number of cells itself</code>
/// </summary>
internal sealed class PlacementCheck : ISemanticCheck
{
    public void Check(CheckContext context)
    {
        foreach (var pop in context.Network.Populations)
            Placement.Read(pop, (descriptor, span, arguments) => context.Report(descriptor, span, arguments), context.Network.GeneratorOf(pop)?.Arguments.Table);
    }
}
