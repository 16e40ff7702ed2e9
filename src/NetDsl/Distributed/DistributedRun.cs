using System.Diagnostics;
using NetDsl.Construction;
using NetDsl.Definition;
using NetDsl.Simulation;

namespace NetDsl.Distributed;

/// <summary>One rank's share of a distributed run: what it held and what its windows cost.</summary>
/// <param name="ComputeSeconds">Time between exchanges: the rank's own stepping.</param>
/// <param name="WaitSeconds">Time in the counts' Allgather: mostly waiting for the slowest rank.</param>
/// <param name="ExchangeSeconds">Time in the spikes' Allgatherv and the merge.</param>
/// <param name="PeakMemoryBytes">The process's peak resident memory (VmHWM) when the run ended.</param>
public sealed record RankReport(int Rank, int FirstGid, int Cells, int Connections, double BuildSeconds, double RunSeconds,
    double ComputeSeconds, double WaitSeconds, double ExchangeSeconds, long Windows, long SpikesSent, long PeakMemoryBytes);

/// <summary>
/// Runs one rank's share of a network and gathers the results on rank 0 (NetPyNE's gatherData): the spikes every
/// rank already has from the exchanges; resets, traces, connections, stimuli and the ranks' reports are sent once.
/// A rank that fails aborts the whole job with its rank and error (<see cref="Communicator.Abort"/>).
/// </summary>
internal static class DistributedRun
{
    public static SimulationResult Run(Network network, Communicator communicator, RunOptions options)
    {
        try
        {
            var own = network.Ownership;
            if (own.Rank != communicator.Rank || own.Size != communicator.Size)
                network = NetworkBuilder.Build(network.Definition, perSynapseIncrement: false, communicator.Rank, communicator.Size);
            if (network.Compiled.Plasticity is not null)
                throw new NetDslModelException("plasticity", "A distributed run does not support plastic connections yet; run the network on one process.");
            var exchange = new SpikeExchange(communicator, network.Compiled.GidCount);
            var local = FastRun.TryRun(network, options, exchange) ?? new Simulator(network, exchange).Run(options);
            return Gather(network, local, exchange);
        }
        catch (RankAbortedException)
        {
            throw;
        }
        catch (Exception e) when (communicator.Size > 1)
        {
            communicator.Abort(1, e is NetDslModelException or SimulationDivergedException ? e.Message : $"{e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    private static SimulationResult Gather(Network network, SimulationResult local, SpikeExchange exchange)
    {
        var communicator = exchange.Communicator;
        var own = network.Ownership;
        var timing = local.Timing;
        var report = new RankReport(own.Rank, own.From, own.Count, local.Connections.Count,
            timing.CreateTime + timing.ConnectTime + timing.StimsTime + timing.SetrecordTime, timing.RunTime,
            exchange.ComputeSeconds, exchange.WaitSeconds, exchange.ExchangeSeconds, exchange.Windows, exchange.SpikesSent, PeakMemory());
        var table = (ConnectionTable)network.Connections;
        var parts = communicator.GatherToRoot(Pack(local, own, table.PartOf(own.From, own.To), report));
        if (parts is null) return Share(local, communicator.Size, communicator.Rank, [report]);

        var reports = new List<RankReport>();
        var connectionParts = new List<ConnectionTable.Part>();
        var stims = new List<StimInfo>();
        var resets = new List<(double Time, int Gid)>();
        var traceValues = new double[local.Traces.Count][];
        foreach (byte[] part in parts) Unpack(part, local.Definition, reports, connectionParts, stims, resets, traceValues);
        resets.Sort();
        var traces = new List<TraceRecord>(local.Traces.Count);
        for (int t = 0; t < local.Traces.Count; t++) traces.Add(local.Traces[t] with { Values = traceValues[t] ?? local.Traces[t].Values });
        return new SimulationResult
        {
            Definition = local.Definition,
            Populations = local.Populations,
            Cells = NetworkBuilder.WithCellParameters(local.Definition, local.Populations, local.Cells),
            Connections = table.Join(connectionParts),
            Stims = stims,
            Warnings = local.Warnings,
            SpikeTimes = local.SpikeTimes,
            SpikeGids = local.SpikeGids,
            ResetTimes = resets.Select(r => r.Time).ToArray(),
            ResetGids = resets.Select(r => r.Gid).ToArray(),
            TraceTimes = local.TraceTimes,
            Traces = traces,
            Timing = local.Timing,
            SimulatedTime = local.SimulatedTime,
            Partial = local.Partial,
            Precision = local.Precision,
            Threads = local.Threads,
            Workers = communicator.Size,
            Rank = 0,
            RankReports = reports,
        };
    }

    /// <summary>A rank's own result, marked with its rank (not for output: rank 0's holds the run).</summary>
    private static SimulationResult Share(SimulationResult local, int size, int rank, IReadOnlyList<RankReport> reports) => new()
    {
        Definition = local.Definition, Populations = local.Populations, Cells = local.Cells, Connections = local.Connections, Stims = local.Stims,
        Warnings = local.Warnings, SpikeTimes = local.SpikeTimes, SpikeGids = local.SpikeGids, ResetTimes = local.ResetTimes, ResetGids = local.ResetGids,
        TraceTimes = local.TraceTimes, Traces = local.Traces, Timing = local.Timing, SimulatedTime = local.SimulatedTime, Partial = local.Partial,
        Precision = local.Precision, Threads = local.Threads, Workers = size, Rank = rank, RankReports = reports,
    };

    /// <summary>Peak resident memory of this process (Linux VmHWM; the peak working set elsewhere).</summary>
    internal static long PeakMemory()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    private static byte[] Pack(SimulationResult local, RankCells own, ConnectionTable.Part connections, RankReport report)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(report.Rank); w.Write(report.FirstGid); w.Write(report.Cells); w.Write(report.Connections);
            w.Write(report.BuildSeconds); w.Write(report.RunSeconds); w.Write(report.ComputeSeconds); w.Write(report.WaitSeconds);
            w.Write(report.ExchangeSeconds); w.Write(report.Windows); w.Write(report.SpikesSent); w.Write(report.PeakMemoryBytes);

            w.Write(connections.From);
            WriteInts(w, connections.Counts);
            w.Write(connections.Bytes.Length); w.Write(connections.Bytes);
            WriteDoubles(w, connections.Weight);
            WriteDoubles(w, connections.Delay);

            w.Write(local.Stims.Count);
            foreach (var stim in local.Stims)
            {
                w.Write(stim.Gid); w.Write(stim.Source); w.Write(stim.Type);
                w.Write(stim.Synapse is not null);
                if (stim.Synapse is not null) w.Write(stim.Synapse);
                w.Write(stim.Weight); w.Write(stim.Delay);
                w.Write(stim.EventTimes.Count);
                foreach (double time in stim.EventTimes) w.Write(time);
                WriteDoubles(w, stim.Values is { } values ? StimValues(values) : null);
            }

            w.Write(local.ResetTimes.Length);
            for (int i = 0; i < local.ResetTimes.Length; i++)
            {
                w.Write(local.ResetTimes[i]);
                w.Write(local.ResetGids[i]);
            }

            // Traces of the rank's own cells (the others' values on this rank are not simulated).
            var owned = Enumerable.Range(0, local.Traces.Count).Where(t => own.Owns(local.Traces[t].Gid)).ToArray();
            w.Write(owned.Length);
            foreach (int t in owned)
            {
                w.Write(t);
                WriteDoubles(w, local.Traces[t].Values);
            }
        }
        return stream.ToArray();
    }

    /// <summary>The numbers a stimulus got per target cell (StimInfo.Values), as they travel between ranks.</summary>
    private static double[] StimValues(StimSourceDefinition values) => values switch
    {
        NetStimSource n => [n.Rate ?? double.NaN, n.Interval ?? double.NaN, n.Noise, n.Start, n.Number],
        IClampSource c => [c.Delay, c.Duration, c.Amplitude],
        _ => [],
    };

    private static StimSourceDefinition WithStimValues(StimSourceDefinition source, double[] v) => source switch
    {
        NetStimSource n => n with
        {
            Rate = double.IsNaN(v[0]) ? null : v[0], Interval = double.IsNaN(v[1]) ? null : v[1], Noise = v[2], Start = v[3], Number = v[4],
            RateSpec = null, IntervalSpec = null, NoiseSpec = null, StartSpec = null, NumberSpec = null,
        },
        IClampSource c => c with { Delay = v[0], Duration = v[1], Amplitude = v[2], DelaySpec = null, DurationSpec = null, AmplitudeSpec = null },
        _ => source,
    };

    private static void Unpack(byte[] bytes, NetworkDefinition definition, List<RankReport> reports, List<ConnectionTable.Part> connections, List<StimInfo> stims,
        List<(double, int)> resets, double[][] traces)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        reports.Add(new RankReport(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(),
            r.ReadDouble(), r.ReadDouble(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64()));

        int from = r.ReadInt32();
        var counts = ReadInts(r)!;
        var encoded = r.ReadBytes(r.ReadInt32());
        connections.Add(new ConnectionTable.Part(from, counts, encoded, ReadDoubles(r), ReadDoubles(r)));

        int stimCount = r.ReadInt32();
        for (int s = 0; s < stimCount; s++)
        {
            int gid = r.ReadInt32();
            string source = r.ReadString(), type = r.ReadString();
            string? synapse = r.ReadBoolean() ? r.ReadString() : null;
            double weight = r.ReadDouble(), delay = r.ReadDouble();
            var times = new double[r.ReadInt32()];
            for (int i = 0; i < times.Length; i++) times[i] = r.ReadDouble();
            var values = ReadDoubles(r);
            stims.Add(new StimInfo(gid, source, type, synapse, weight, delay, times)
            {
                Values = values is null ? null : WithStimValues(definition.StimSources.First(s => s.Name == source), values),
            });
        }

        int resetCount = r.ReadInt32();
        for (int i = 0; i < resetCount; i++) resets.Add((r.ReadDouble(), r.ReadInt32()));

        int traceCount = r.ReadInt32();
        for (int i = 0; i < traceCount; i++)
        {
            int t = r.ReadInt32();
            traces[t] = ReadDoubles(r)!;
        }
    }

    private static void WriteInts(BinaryWriter w, int[] values)
    {
        w.Write(values.Length);
        foreach (int v in values) w.Write(v);
    }

    private static int[] ReadInts(BinaryReader r)
    {
        var values = new int[r.ReadInt32()];
        for (int i = 0; i < values.Length; i++) values[i] = r.ReadInt32();
        return values;
    }

    private static void WriteDoubles(BinaryWriter w, double[]? values)
    {
        w.Write(values?.Length ?? -1);
        if (values is null) return;
        foreach (double v in values) w.Write(v);
    }

    private static double[]? ReadDoubles(BinaryReader r)
    {
        int length = r.ReadInt32();
        if (length < 0) return null;
        var values = new double[length];
        for (int i = 0; i < values.Length; i++) values[i] = r.ReadDouble();
        return values;
    }
}
