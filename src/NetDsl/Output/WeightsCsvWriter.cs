using System.Globalization;
using NetDsl.Simulation;

namespace NetDsl.Output;

/// <summary>
/// The weights of plastic connections as CSV (<c>&lt;Network&gt;_weights.csv</c>), long format: one row per
/// connection and sample time, <c>time_ms,connection,pre_gid,post_gid,rule,weight</c>, the samples first (every
/// <see cref="Definition.SimulationSettings.WeightRecordStep"/>, or the initial weights at 0 when there is no step)
/// and then each connection's final weight at the end of the run, marked <c>final</c> in the <c>sample</c> column.
/// <c>connection</c> is the index in NetPyNE's order of plastic connections (<see cref="PlasticWeights.Connections"/>,
/// the columns of <c>simData['allWeights']</c>); weights are in uS at full precision.
/// </summary>
public static class WeightsCsvWriter
{
    public const string Header = "time_ms,sample,connection,pre_gid,post_gid,rule,weight";

    public static void Write(TextWriter writer, SimulationResult result)
    {
        var weights = result.Weights ?? throw new ArgumentException("The run recorded no plastic weights (no connection rule has plasticity).", nameof(result));
        writer.Write(Header);
        writer.Write('\n');
        var connections = weights.Connections;
        if (weights.SampleTimes.Length > 0)
        {
            for (int s = 0; s < weights.SampleTimes.Length; s++)
            {
                string sample = s.ToString(CultureInfo.InvariantCulture);
                for (int c = 0; c < connections.Count; c++) Row(writer, weights.SampleTimes[s], sample, c, connections[c], connections[c].Samples[s]);
            }
        }
        else
        {
            for (int c = 0; c < connections.Count; c++) Row(writer, 0, "initial", c, connections[c], connections[c].InitialWeight);
        }
        for (int c = 0; c < connections.Count; c++) Row(writer, result.SimulatedTime, "final", c, connections[c], connections[c].FinalWeight);
    }

    private static void Row(TextWriter writer, double time, string sample, int index, PlasticConnectionWeights connection, double weight)
    {
        writer.Write(time.ToString("R", CultureInfo.InvariantCulture));
        writer.Write(',');
        writer.Write(sample);
        writer.Write(',');
        writer.Write(index.ToString(CultureInfo.InvariantCulture));
        writer.Write(',');
        writer.Write(connection.PreGid.ToString(CultureInfo.InvariantCulture));
        writer.Write(',');
        writer.Write(connection.PostGid.ToString(CultureInfo.InvariantCulture));
        writer.Write(',');
        writer.Write(Quoted(connection.Rule));
        writer.Write(',');
        writer.Write(weight.ToString("R", CultureInfo.InvariantCulture));
        writer.Write('\n');
    }

    /// <summary>A rule label as a CSV field: quoted when it holds a comma or a quote (labels such as <c>[E,I]->E</c>).</summary>
    private static string Quoted(string label) =>
        label.IndexOfAny([',', '"', '\n', '\r']) < 0 ? label : "\"" + label.Replace("\"", "\"\"") + "\"";

    public static void WriteFile(string path, SimulationResult result) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            Write(writer, result);
        });
}
