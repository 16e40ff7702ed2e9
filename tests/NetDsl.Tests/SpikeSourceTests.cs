using System.Diagnostics;
using System.Text;
using NetDsl.Definition;
using NetDsl.Simulation;
using Xunit.Abstractions;

namespace NetDsl.Tests;

/// <summary>
/// Spike-generator populations (NetStim and VecStim cells as connection sources) against NetPyNE 1.1.0 on NEURON 8.2.2
/// (tests/reference/N_netstim_pop), and spike trains read from CSV and .npy files.
/// </summary>
public sealed class SpikeSourceTests : IDisposable
{
    private const string Case = "N_netstim_pop";
    private static readonly Lazy<Network> Reference = new(() => NetworkBuilder.Build(ReferenceNetwork()));

    private readonly ITestOutputHelper _output;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "netdsl-spike-trains-" + Guid.NewGuid().ToString("N"));

    public SpikeSourceTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static readonly NamedValue[] Rs =
    [
        new("C", 1), new("k", 0.7), new("vr", -60), new("vt", -40), new("vpeak", 35), new("a", 0.03), new("b", -2),
        new("c", -50), new("d", 100), new("celltype", 1),
    ];

    private static CellDefinition Izh() => new("IZH", [new("diam", 10), new("L", 10), new("cm", 31.831)], "Izhi2007b", Rs);

    /// <summary>tests/reference/N_netstim_pop/model_netpyne.py.</summary>
    public static NetworkDefinition ReferenceNetwork(SimulationPrecision precision = SimulationPrecision.Exact) =>
        new(
            Case,
            [Izh()],
            [
                new PopulationDefinition("E", "IZH", 20),
                PopulationDefinition.NetStim("thal", 20, new NetStimSource("thal", Rate: 10, Interval: null, Noise: 1, Start: SpikeGeneratorModels.NetStimDefaultStart)),
                PopulationDefinition.NetStim("burst", 4, new NetStimSource("burst", Rate: null, Interval: 20, Noise: 0.5, Start: 200, Number: 10, Seed: 7)),
                PopulationDefinition.VecStim("vs", 3, new VecStimSource("vs", []) { Trains = [[100.0, 300.5, 301.25], [150.0, 700.0], [5.0, 420.125, 900.0, 1200.0]] }),
                PopulationDefinition.VecStim("vp", 4, new VecStimSource("vp", [20.0])
                {
                    Pulses = [new SpikePulse(400, 500, Rate: 50), new SpikePulse(600, 800, Rate: null, Interval: 10, Noise: 0.5)],
                }),
            ],
            [new SynapseDefinition("exc", 1, 5, 0)],
            [],
            [],
            [
                Rule("thal->E", "thal", ConnectionRuleKind.Probability, 0.5, 0.01, 5),
                Rule("burst->E", "burst", ConnectionRuleKind.Divergence, 5, 0.02, 2),
                Rule("vs->E", "vs", ConnectionRuleKind.Convergence, 2, 0.03, 3),
                Rule("vp->E", "vp", ConnectionRuleKind.Probability, 0.3, 0.01, 1.5),
                Rule("E->E", "E", ConnectionRuleKind.Probability, 0.1, 0.005, 5),
            ],
            new SimulationSettings(Duration: 1000, Dt: 0.025, RecordStep: 1) { Precision = precision },
            [],
            [new PlotDefinition(PlotKind.Raster, null)]);

    private static ConnectionDefinition Rule(string label, string pre, ConnectionRuleKind kind, double value, double weight, double delay) =>
        new(label, CellSelector.Population(pre), CellSelector.Population("E"), kind, value, weight, delay, "exc");

    [Fact]
    public void GeneratorCellsHaveNetPyNEsGidsAndPositions()
    {
        var cells = ReferenceData.Load(Case, "cells.json");
        var network = Reference.Value;
        Assert.Equal(cells.GetArrayLength(), network.Cells.Count);
        foreach (var expected in cells.EnumerateArray())
        {
            var cell = network.Cells[expected.GetProperty("gid").GetInt32()];
            Assert.Equal(expected.GetProperty("pop").GetString(), cell.Population);
            Assert.Equal(expected.GetProperty("x").GetDouble(), cell.X);
            Assert.Equal(expected.GetProperty("y").GetDouble(), cell.Y);
            Assert.Equal(expected.GetProperty("z").GetDouble(), cell.Z);
        }
    }

    [Fact]
    public void ConnectionsFromGeneratorPopulationsAreNetPyNEs()
    {
        var connections = Reference.Value.Connections;
        var reference = ReferenceData.Load(Case, "conns.json");
        Assert.Equal(320, reference.GetArrayLength());
        Assert.Equal(reference.GetArrayLength(), connections.Count);
        int i = 0;
        foreach (var expected in reference.EnumerateArray())
        {
            var actual = connections[i++];
            Assert.Equal((expected[0].GetInt32(), expected[1].GetInt32(), expected[2].GetDouble(), expected[3].GetDouble(), expected[4].GetString()),
                (actual.PreGid, actual.PostGid, actual.Weight, actual.Delay, actual.Synapse));
        }
    }

    [Fact]
    public void SpikesOfGeneratorsAndTheCellsTheyDriveAreNetPyNEs()
    {
        var result = Reference.Value.Run();
        Assert.Equal(SimulationPrecision.Exact, result.Precision);
        AssertSpikesEqual(ReferenceData.Spikes(Case), result);
        Assert.Equal(2237, result.SpikeTimes.Length);
    }

    [Fact]
    public void SteppingTheSimulatorGivesTheSameSpikesAsARun()
    {
        var one = Reference.Value.Run();
        var simulator = NetworkBuilder.Build(ReferenceNetwork()).CreateSimulator();
        simulator.Initialize();
        simulator.Advance(40000);
        var stepped = simulator.Result();
        Assert.Equal(one.SpikeGids, stepped.SpikeGids);
        Assert.Equal(one.SpikeTimes, stepped.SpikeTimes);
    }

    [Fact]
    public void TheFastEngineRunsGeneratorPopulations()
    {
        var result = NetworkBuilder.Build(ReferenceNetwork(SimulationPrecision.Fast)).Run();
        _output.WriteLine($"precision {result.Precision}: {result.SpikeGids.Count(g => g < 20)} spikes of the driven cells (NEURON: 1874)");
        var (times, gids) = ReferenceData.Spikes(Case);
        // Generator spikes do not depend on the arithmetic; the driven cells fire at the same rate.
        var expected = times.Zip(gids).Where(s => s.Second >= 20).ToArray();
        var actual = result.SpikeTimes.Zip(result.SpikeGids).Where(s => s.Second >= 20).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Second, actual[i].Second);
            Assert.True(Math.Abs(expected[i].First - actual[i].First) <= 1e-6, $"generator spike {i}");
        }
        if (result.Precision == SimulationPrecision.Fast)
        {
            int cellSpikes = result.SpikeGids.Count(g => g < 20);
            Assert.InRange(cellSpikes, 1874 * 0.9, 1874 * 1.1);
        }
    }

    private static void AssertSpikesEqual((double[] Times, int[] Gids) expected, SimulationResult result)
    {
        int n = Math.Min(expected.Times.Length, result.SpikeTimes.Length);
        for (int i = 0; i < n; i++)
        {
            Assert.True(expected.Gids[i] == result.SpikeGids[i] && Math.Abs(result.SpikeTimes[i] - expected.Times[i]) <= 1e-6,
                $"spike {i}: expected ({expected.Times[i]:R}, {expected.Gids[i]}), got ({result.SpikeTimes[i]:R}, {result.SpikeGids[i]})");
        }
        Assert.Equal(expected.Times.Length, result.SpikeTimes.Length);
    }

    // ---- generators where they cannot be ----------------------------------------------------------------------

    private static NetworkDefinition Small(PopulationDefinition generator, IReadOnlyList<ConnectionDefinition>? connections = null,
        IReadOnlyList<StimSourceDefinition>? sources = null, IReadOnlyList<StimTargetDefinition>? targets = null,
        IReadOnlyList<RecordDefinition>? records = null, IReadOnlyList<CellDefinition>? cells = null, double duration = 200) =>
        new("Small", cells ?? [Izh()], [new PopulationDefinition("E", "IZH", 5), generator], [new SynapseDefinition("exc", 1, 5, 0)],
            sources ?? [], targets ?? [], connections ?? [], new SimulationSettings(Duration: duration, Dt: 0.025, RecordStep: 1), records ?? [], []);

    private static PopulationDefinition Thal() => PopulationDefinition.NetStim("thal", 3, new NetStimSource("thal", 10, null, 1));

    [Fact]
    public void AGeneratorAsAConnectionTargetIsAnErrorNamingItsPopulation()
    {
        var conn = new ConnectionDefinition("E->thal", CellSelector.Population("E"), CellSelector.All, ConnectionRuleKind.Probability, 0.5, 0.01, 5, "exc");
        var e = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Small(Thal(), [conn])));
        Assert.Equal("Connection 'E->thal': population 'thal' is a NetStim spike generator (gid 5); its cells cannot receive connections. Select populations of cells instead.", e.Message);
    }

    [Fact]
    public void AGeneratorAsAStimulusTargetOrARecordIsAnError()
    {
        var e = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Small(Thal(),
            sources: [new NetStimSource("bkg", 100, null)], targets: [new StimTargetDefinition("bkg", CellSelector.Population("thal"), 0.01, 5, "exc")])));
        Assert.Equal("Stim target 'bkg': population 'thal' is a NetStim spike generator (gid 5); its cells cannot receive stimuli. Select populations of cells instead.", e.Message);
        e = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Small(Thal(),
            records: [new RecordDefinition("V_soma", RecordVariable.V, null, CellSelector.ForGids(6))])));
        Assert.Equal("Record 'V_soma': population 'thal' is a NetStim spike generator (gid 6); its cells cannot be recorded (they have no membrane; their spikes are recorded). Select populations of cells instead.", e.Message);
    }

    [Fact]
    public void AGeneratorWithCellParametersIsAnErrorNamingItsPopulation()
    {
        var pop = new PopulationDefinition("thal", "IZH", 3) { Generator = new NetStimSource("thal", 10, null) };
        var e = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Small(pop)));
        Assert.Equal("Population 'thal' is a NetStim spike generator and takes no cell parameters, but names the cell type 'IZH'. Remove the cell type, or make it a population of 'IZH' cells without the NetStim.", e.Message);
        var clamp = new PopulationDefinition("clamp", "", 3) { Generator = new IClampSource("clamp", 0, 10, 1) };
        e = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Small(clamp)));
        Assert.Equal("Population 'clamp': a population's cellModel is NetStim or VecStim; an IClamp is a stimulus (stim), not a population.", e.Message);
        var noRate = PopulationDefinition.NetStim("thal", 3, new NetStimSource("thal", null, null));
        e = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Small(noRate)));
        Assert.Equal("Population 'thal': a NetStim needs a rate (Hz) or an interval (ms).", e.Message);
    }

    [Fact]
    public void JsonOutputWritesGeneratorsInNetPyNEsLayout()
    {
        var result = NetworkBuilder.Build(Small(Thal(), [new ConnectionDefinition("thal->E", CellSelector.Population("thal"), CellSelector.Population("E"), ConnectionRuleKind.Full, 0, 0.01, 5, "exc")])).Run();
        using var stream = new MemoryStream();
        NetDsl.Output.NetPyneJsonWriter.Write(stream, result, "Small");
        using var doc = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        var net = doc.RootElement.GetProperty("net");
        Assert.Equal("NetStim", net.GetProperty("pops").GetProperty("thal").GetProperty("tags").GetProperty("cellModel").GetString());
        var cell = net.GetProperty("cells")[5];
        Assert.Equal("NetStim", cell.GetProperty("tags").GetProperty("cellModel").GetString());
        Assert.Equal(10, cell.GetProperty("tags").GetProperty("params").GetProperty("rate").GetDouble());
        Assert.False(cell.TryGetProperty("secs", out _));
        Assert.Contains(result.SpikeGids, g => g >= 5);
    }

    // ---- spike trains from files ------------------------------------------------------------------------------

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A NumPy .npy file (format 1.0, little-endian float64, C order).</summary>
    private string WriteNpy(string name, double[] values, params int[] shape)
    {
        string dims = shape.Length == 1 ? $"({shape[0]},)" : $"({shape[0]}, {shape[1]})";
        string header = $"{{'descr': '<f8', 'fortran_order': False, 'shape': {dims}, }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        using var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        foreach (double v in values) stream.Write(BitConverter.GetBytes(v));
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, stream.ToArray());
        return path;
    }

    /// <summary>Five cells (gids 0 to 4) driven by a VecStim stimulus whose trains come from <paramref name="source"/>.</summary>
    private static NetworkDefinition Driven(VecStimSource source, CellSelector? target = null) =>
        new("Driven", [Izh()], [new PopulationDefinition("E", "IZH", 5)], [new SynapseDefinition("exc", 1, 5, 0)],
            [source], [new StimTargetDefinition(source.Name, target ?? CellSelector.Population("E"), 0.01, 1, "exc")], [],
            new SimulationSettings(Duration: 100, Dt: 0.025, RecordStep: 1), [], []);

    private static double[][] TrainsOf(SimulationResult result) =>
        result.Stims.OrderBy(s => s.Gid).Select(s => s.EventTimes.ToArray()).ToArray();

    private static readonly double[][] Expected = [[1.5, 10], [], [3], [4.25, 7, 50], []];

    [Fact]
    public void CsvWithOneRowPerSpikeByIndex()
    {
        string path = Write("by_index.csv", "index,time\n0,10\n0,1.5\n2,3\n3,4.25\n\n3,50\n# a comment\n3,7\n");
        var result = NetworkBuilder.Build(Driven(new VecStimSource("input", []) { File = new SpikeTrainFile(path) })).Run();
        Assert.Equal(Expected, TrainsOf(result));
    }

    [Fact]
    public void CsvWithOneRowPerSpikeByGid()
    {
        // Target: gids 1 to 4; the file names gids.
        string path = Write("by_gid.csv", "gid, time\r\n1,3\r\n2,4.25\r\n2,7\r\n4,2\r\n");
        var result = NetworkBuilder.Build(Driven(new VecStimSource("input", []) { File = new SpikeTrainFile(path) },
            CellSelector.ForGids(1, 2, 3, 4))).Run();
        Assert.Equal(new double[][] { [3], [4.25, 7], [], [2] }, TrainsOf(result));
    }

    [Fact]
    public void CsvWithOneRowPerCell()
    {
        string path = Write("per_cell.csv", "10, 1.5\n\n3\n50,4.25,7\n\n");
        var result = NetworkBuilder.Build(Driven(new VecStimSource("input", []) { File = new SpikeTrainFile(path) })).Run();
        Assert.Equal(Expected, TrainsOf(result));
    }

    [Fact]
    public void NpyWithCellIndexAndTimeRows()
    {
        string path = WriteNpy("trains.npy", [0, 10, 3, 4.25, 0, 1.5, 2, 3, 3, 7, 3, 50], 6, 2);
        var result = NetworkBuilder.Build(Driven(new VecStimSource("input", []) { File = new SpikeTrainFile(path) })).Run();
        Assert.Equal(Expected, TrainsOf(result));
    }

    [Fact]
    public void OneDimensionalNpyIsOneTrainForEveryCell()
    {
        string path = WriteNpy("shared.npy", [20, 5, 12.5], 3);
        var result = NetworkBuilder.Build(Driven(new VecStimSource("input", []) { File = new SpikeTrainFile(path) })).Run();
        Assert.All(TrainsOf(result), train => Assert.Equal(new double[] { 5, 12.5, 20 }, train));
    }

    [Fact]
    public void InlineTrainsOnePerCell()
    {
        var source = new VecStimSource("input", []) { Trains = [[10, 1.5], [], [3], [50, 4.25, 7], []] };
        Assert.Equal(Expected, TrainsOf(NetworkBuilder.Build(Driven(source)).Run()));
        var wrong = source with { Trains = [[1.0], [2.0]] };
        var e = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Driven(wrong)));
        Assert.Equal("Stim source 'input': 2 spike trains for the 5 cells of the stim target; give one train per cell, in the order of the cells.", e.Message);
        var negative = source with { Trains = [[1.0], [2.0], [-3.0], [], []] };
        e = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Driven(negative)));
        Assert.Equal("Stim source 'input': train 2 (gid 2) has the spike time -3 ms; spike times must be finite and >= 0 ms.", e.Message);
    }

    [Fact]
    public void AVecStimPopulationReadsItsTrainsFromAFile()
    {
        string path = Write("pop.csv", "index,time\n0,12\n1,30\n1,31\n");
        var pop = PopulationDefinition.VecStim("input", 2, new VecStimSource("input", []) { File = new SpikeTrainFile(path) });
        var conn = new ConnectionDefinition("input->E", CellSelector.Population("input"), CellSelector.Population("E"), ConnectionRuleKind.Full, 0, 0.05, 2, "exc");
        var result = NetworkBuilder.Build(Small(pop, [conn])).Run();
        var generated = result.SpikeTimes.Zip(result.SpikeGids).Where(s => s.Second >= 5).ToArray();
        Assert.Equal([(12.0, 5), (30.0, 6), (31.0, 6)], generated.Select(s => (s.First, s.Second)));
    }

    private NetDslModelException FileError(string name, string text, CellSelector? target = null)
    {
        string path = Write(name, text);
        return Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Driven(new VecStimSource("input", []) { File = new SpikeTrainFile(path) }, target)));
    }

    [Fact]
    public void FileErrorsNameTheFileTheLineAndTheFix()
    {
        string missing = Path.Combine(_folder, "missing.csv");
        var e = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Driven(new VecStimSource("input", []) { File = new SpikeTrainFile(missing) })));
        Assert.Equal($"Stim source 'input': spike train file '{missing}' does not exist (looked for {missing}). Give the path of a .csv or .npy file, absolute or relative to the working directory.", e.Message);
        Assert.Equal("file", e.Parameter);

        string p = Path.Combine(_folder, "a.csv");
        e = FileError("a.csv", "index,time\n0,1\n1,abc\n");
        Assert.Equal($"Stim source 'input': {p} line 3: 'abc' is not a number. Write one spike per line as 'index,time' (time in ms) after the header.", e.Message);
        e = FileError("a.csv", "index,time\n0,1\n1,-2\n");
        Assert.Equal($"Stim source 'input': {p} line 3: the spike time -2 ms is not allowed; spike times must be finite and >= 0 ms.", e.Message);
        e = FileError("a.csv", "index,time\n0,NaN\n");
        Assert.Equal($"Stim source 'input': {p} line 2: the spike time is NaN; spike times must be finite and >= 0 ms.", e.Message);
        e = FileError("a.csv", "index,time\n0,1\n5,2\n");
        Assert.Equal($"Stim source 'input': {p} line 3: there is no cell with index 5: the stim target has 5 cells (indices 0 to 4). Remove the spikes of that cell or target more cells.", e.Message);
        e = FileError("a.csv", "index,time\n0,1,2\n");
        Assert.Equal($"Stim source 'input': {p} line 2: '0,1,2' does not have 2 values (index,time). Write one spike per line as 'index,time' (time in ms) after the header.", e.Message);
        e = FileError("a.csv", "index,time\n1.5,1\n");
        Assert.Equal($"Stim source 'input': {p} line 2: the cell index '1.5' is not a whole number >= 0. Write one spike per line as 'index,time' (time in ms) after the header.", e.Message);
        e = FileError("a.csv", "gid,time\n7,1\n");
        Assert.Equal($"Stim source 'input': {p} line 2: gid 7 is not one of the 5 cells of the stim target (gids 0 to 4). Remove the spikes of that cell or target it.", e.Message);
        e = FileError("a.csv", "cell,t\n0,1\n");
        Assert.Equal($"Stim source 'input': {p} line 1: the header 'cell,t' is neither 'index,time' nor 'gid,time'. Name the columns 'index,time' (cells by their position in the target set) or 'gid,time' (cells by gid), or leave the header out and write one line of spike times per cell.", e.Message);
        e = FileError("a.csv", "1\n2\n3\n4\n5\n6\n");
        Assert.Equal($"Stim source 'input': {p} line 6: a train for cell 5, but the stim target has 5 cells. Write one line per cell, in the order of the cells.", e.Message);
        e = FileError("a.csv", "1\n2\n3\n");
        Assert.Equal($"Stim source 'input': {p} has 3 lines of spike times for the 5 cells of the stim target. Write one line per cell, in the order of the cells (an empty line for a cell without spikes).", e.Message);
        e = FileError("a.csv", "1\n2,x\n3\n4\n5\n");
        Assert.Equal($"Stim source 'input': {p} line 2: 'x' is not a number. Write one line per cell with its spike times in ms separated by commas (an empty line for a cell without spikes).", e.Message);
    }

    [Fact]
    public void NpyErrorsNameTheFileTheRowAndTheFix()
    {
        NetDslModelException Error(string path) =>
            Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(Driven(new VecStimSource("input", []) { File = new SpikeTrainFile(path) })));
        string p = WriteNpy("bad.npy", [0, 1, 1, -4], 2, 2);
        Assert.Equal($"Stim source 'input': {p} row 1: the spike time -4 ms is not allowed; spike times must be finite and >= 0 ms.", Error(p).Message);
        p = WriteNpy("bad.npy", [0, 1, 9, 4], 2, 2);
        Assert.Equal($"Stim source 'input': {p} row 1: there is no cell with index 9: the stim target has 5 cells (indices 0 to 4). Remove the spikes of that cell or target more cells.", Error(p).Message);
        p = WriteNpy("bad.npy", [0, 1, 2, 3, 4, 5], 2, 3);
        Assert.Equal($"Stim source 'input': {p} has shape (2, 3); save an (n, 2) array of (cell index, time) rows, or a 1-D array of times every target cell gets.", Error(p).Message);
        p = Write("text.npy", "not numpy");
        Assert.Equal($"Stim source 'input': {p} is not a NumPy .npy file (it does not start with the .npy magic string). Save the array with numpy.save.", Error(p).Message);
        p = WriteNpy("ints.npy", [1, 2], 2);
        File.WriteAllBytes(p, File.ReadAllBytes(p).Select((b, i) => i < 80 && b == (byte)'f' ? (byte)'i' : b).ToArray());
        Assert.Equal($"Stim source 'input': {p} holds values of type '<i8'; save a float64 array (numpy.save(path, array.astype(numpy.float64))).", Error(p).Message);
    }

    [Fact]
    public void TenThousandCellsFedByTenThousandTrainsFromOneFileBuildAndRun()
    {
        const int cells = 10_000;
        var text = new StringBuilder("index,time\n");
        var random = new System.Random(1);
        for (int i = 0; i < cells; i++)
        {
            for (int s = 0; s < 5; s++) text.Append(i).Append(',').Append((random.NextDouble() * 50).ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }
        string path = Write("ten_thousand.csv", text.ToString());
        var definition = new NetworkDefinition("Many", [Izh()], [new PopulationDefinition("E", "IZH", cells)], [new SynapseDefinition("exc", 1, 5, 0)],
            [new VecStimSource("input", []) { File = new SpikeTrainFile(path) }],
            [new StimTargetDefinition("input", CellSelector.Population("E"), 0.05, 1, "exc")], [],
            new SimulationSettings(Duration: 50, Dt: 0.025, RecordStep: 1), [], []);
        var clock = Stopwatch.StartNew();
        var network = NetworkBuilder.Build(definition);
        double build = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var result = network.Run();
        double run = clock.Elapsed.TotalSeconds;
        _output.WriteLine($"10,000 trains from one file: build {build:0.000} s, run 50 ms in {run:0.000} s, {result.SpikeTimes.Length} spikes");
        Assert.Equal(cells, result.Stims.Count);
        Assert.All(result.Stims, s => Assert.Equal(5, s.EventTimes.Count));
    }
}
