using NetDsl.Definition;
using NetDsl.Distributed;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>
/// Distributed runs without MPI: ranks as threads of this process (<see cref="InProcessCommunicator"/>) with the
/// collectives MPI gives. Each rank builds its share of the network and the ranks exchange spikes once per window;
/// rank 0's result must be the single-process run's, bit for bit.
/// </summary>
public class DistributedTests
{
    private static SimulationResult Single(NetworkDefinition definition, SimulationPrecision precision, int threads = 1) =>
        NetworkBuilder.Build(definition).Run(new RunOptions { Precision = precision, Threads = threads });

    private static SimulationResult[] Ranks(NetworkDefinition definition, int ranks, SimulationPrecision precision, int threads = 1) =>
        InProcessCommunicator.Run(ranks, communicator =>
            NetworkBuilder.Build(definition, communicator).Run(new RunOptions { Precision = precision, Threads = threads, Distributed = communicator }));

    private static void AssertSameRun(SimulationResult expected, SimulationResult actual)
    {
        ResultAssert.Identical(expected, actual);
        Assert.Equal(expected.Connections.ToArray(), actual.Connections.ToArray());
        Assert.Equal(expected.Stims.Count, actual.Stims.Count);
        for (int s = 0; s < expected.Stims.Count; s++)
        {
            Assert.Equal(expected.Stims[s] with { EventTimes = [] }, actual.Stims[s] with { EventTimes = [] });
            Assert.Equal(expected.Stims[s].EventTimes, actual.Stims[s].EventTimes);
        }
        Assert.Equal(expected.Cells.Count, actual.Cells.Count);
        for (int c = 0; c < expected.Cells.Count; c++) Assert.Equal(expected.Cells[c].Parameters, actual.Cells[c].Parameters);
    }

    [Fact]
    public void BlocksCoverEveryCellOnceInAlignedRanges()
    {
        foreach (int cells in new[] { 0, 1, 7, 30, 1000, 100_003 })
        {
            foreach (int size in new[] { 1, 2, 3, 16 })
            {
                int next = 0;
                for (int rank = 0; rank < size; rank++)
                {
                    var block = RankCells.Of(rank, size, cells);
                    Assert.Equal(next, block.From);
                    Assert.True(block.To >= block.From);
                    Assert.True(block.From % RankCells.Alignment == 0, $"{cells} cells, {size} ranks: rank {rank} starts at {block.From}");
                    next = block.To;
                }
                Assert.Equal(cells, next);
            }
        }
        // Balanced up to one vector of cells.
        Assert.Equal([328, 336, 336], Enumerable.Range(0, 3).Select(r => RankCells.Of(r, 3, 1000).Count).ToArray());
    }

    [Fact]
    public void ARankHoldsOnlyTheConnectionsAndStimuliOntoItsCells()
    {
        var definition = TestModels.Network(400, 100, duration: 50);
        var whole = NetworkBuilder.Build(definition);
        var shares = InProcessCommunicator.Run(3, communicator => NetworkBuilder.Build(definition, communicator));
        Assert.Equal(whole.Connections.Count, shares.Sum(s => s.Connections.Count));
        Assert.Equal(whole.Stims.Count, shares.Sum(s => s.Stims.Count));
        foreach (var share in shares)
        {
            Assert.All(share.Connections, c => Assert.True(share.Ownership.Owns(c.PostGid)));
            Assert.All(share.Stims, s => Assert.True(share.Ownership.Owns(s.Gid)));
            Assert.Equal(whole.Connections.Where(c => share.Ownership.Owns(c.PostGid)).ToArray(), share.Connections.ToArray());
        }
        // A share keeps every cell's position and no cell's parameters (its simulated cells' values are in its
        // arrays): rank 0 evaluates them when it gathers the results.
        Assert.All(shares, share => Assert.Equal(whole.Cells.Select(c => c.Tags), share.Cells.Select(c => c.Tags)));
        Assert.All(shares, share => Assert.All(share.Cells, c => Assert.Empty(c.Parameters)));
        Assert.NotEmpty(whole.Cells[0].Parameters);
    }

    [Theory]
    [InlineData("A_single", 2)]
    [InlineData("B_network", 2)]
    [InlineData("B_network", 3)]
    [InlineData("C_inhib", 2)]
    [InlineData("C_inhib", 3)]
    [InlineData("H_tut2", 3)]
    public void TutorialModelsGiveTheSingleProcessRunInBothEngines(string name, int ranks)
    {
        var definition = ReferenceCases.Get(name);
        foreach (var precision in new[] { SimulationPrecision.Exact, SimulationPrecision.Fast })
        {
            var expected = Single(definition, precision);
            var results = Ranks(definition, ranks, precision);
            Assert.Equal(ranks, results[0].Workers);
            Assert.Equal(ranks, results[0].RankReports.Count);
            AssertSameRun(expected, results[0]);
            // Every rank knows every spike (they were exchanged), not only rank 0.
            Assert.All(results, r => Assert.Equal(expected.SpikeGids, r.SpikeGids));
        }
    }

    [Theory]
    [InlineData("E_expsyn_hh_pas", 2)]
    [InlineData("H_hh_std_leak", 2)]
    [InlineData("H_hh_single", 3)]
    [InlineData("D_spatial", 3)]
    [InlineData("D_funcs", 2)]
    [InlineData("N_netstim_pop", 2)]
    [InlineData("N_netstim_pop", 3)]
    public void OtherCellsAndSpikeGeneratorsGiveTheSingleProcessRunInBothEngines(string name, int ranks)
    {
        // Each rank simulates only its cells (hh and pas cells, spike generators, a rank that owns no cell): their
        // states, traces, resets and spikes must come out where one process has them.
        var definition = name switch
        {
            "N_netstim_pop" => SpikeSourceTests.ReferenceNetwork(),
            _ when name.StartsWith("D_", StringComparison.Ordinal) && name != "D_spatial" => SpatialReferenceCases.Get(name),
            _ => ReferenceCases.Get(name),
        };
        foreach (var precision in new[] { SimulationPrecision.Exact, SimulationPrecision.Fast })
        {
            var expected = Single(definition, precision);
            var results = Ranks(definition, ranks, precision, threads: 2);
            AssertSameRun(expected, results[0]);
        }
    }

    [Fact]
    public void ARankAllocatesStateForItsOwnCellsOnly()
    {
        var definition = TestModels.Network(1600, 400, duration: 20);
        var shares = InProcessCommunicator.Run(3, communicator => NetworkBuilder.Build(definition, communicator));
        foreach (var share in shares)
        {
            var net = share.Compiled;
            Assert.Equal((share.Ownership.From, share.Ownership.Count, 2000), (net.FirstGid, net.CellCount, net.GidCount));
            Assert.Equal(share.Ownership.Count, net.Vr.Length);
            Assert.Equal(share.Ownership.Count + 1, net.CellSlotStart.Length);
            // Spikes come from the whole network: the outgoing table covers every gid.
            Assert.Equal(2001, net.OutSegmentStart.Length);
        }
    }

    [Fact]
    public void ARecordOfAVariableACellLacksIsTheSameErrorOnEveryRank()
    {
        // Tutorial 2's cells are hh cells: they have no Izhi2007b u. The cells of the last population belong to the
        // last rank, and every rank names them alike, as one process does.
        var definition = ReferenceCases.Get("H_tut2");
        definition = definition with { Records = [new RecordDefinition("u", RecordVariable.U, null, CellSelector.Population(definition.Populations[^1].Name))] };
        var single = Assert.Throws<NetDslModelException>(() => NetworkBuilder.Build(definition));
        Assert.Equal("var", single.Parameter);
        Assert.Contains("has no Izhi2007b mechanism, so it has no 'u' to record", single.Message);
        var ranks = InProcessCommunicator.Run(3, communicator =>
        {
            try
            {
                NetworkBuilder.Build(definition, communicator);
                return null;
            }
            catch (NetDslModelException e)
            {
                return e.Message;
            }
        });
        Assert.All(ranks, message => Assert.Equal(single.Message, message));
    }

    [Fact]
    public void StimulusValuesEachCellGotReachRankZero()
    {
        // NetStim and IClamp parameters evaluated per target cell: rank 0 reports what every rank's cells got.
        var definition = SpatialReferenceCases.Get("S_stim_exprs");
        var expected = Single(definition, SimulationPrecision.Exact);
        Assert.Contains(expected.Stims, s => s.Values is IClampSource);
        AssertSameRun(expected, Ranks(definition, 3, SimulationPrecision.Exact)[0]);
    }

    [Theory]
    [InlineData(SimulationPrecision.Exact, 2, 1)]
    [InlineData(SimulationPrecision.Exact, 3, 2)]
    [InlineData(SimulationPrecision.Fast, 2, 2)]
    [InlineData(SimulationPrecision.Fast, 3, 1)]
    [InlineData(SimulationPrecision.Single, 2, 1)]
    public void AggregatedEINetworkGivesTheSingleProcessRun(SimulationPrecision precision, int ranks, int threads)
    {
        // Aggregated synapses sum many events into one state: the exchanged spikes must arrive in a single process's order.
        var definition = TestModels.Network(1600, 400, duration: 150, pExc: 0.05, pInh: 0.05);
        definition = definition with { Simulation = definition.Simulation with { AggregateSynapses = true } };
        var expected = Single(definition, precision);
        Assert.True(expected.SpikeTimes.Length > 500, $"{expected.SpikeTimes.Length} spikes");
        var results = Ranks(definition, ranks, precision, threads);
        AssertSameRun(expected, results[0]);
        Assert.True(results[0].RankReports.All(r => r.Windows > 0));
    }

    [Fact]
    public async Task AFailingRankStopsTheOthersInsteadOfLeavingThemWaiting()
    {
        var definition = TestModels.Network(200, 50, duration: 100);
        var run = Task.Run(() => InProcessCommunicator.Run(3, communicator =>
        {
            if (communicator.Rank == 1) throw new InvalidOperationException("rank 1 broke");
            return NetworkBuilder.Build(definition, communicator).Run(new RunOptions { Distributed = communicator });
        }));
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(finished == run, "the ranks hung");
        var failure = await Assert.ThrowsAsync<AggregateException>(() => run);
        Assert.Contains("rank 1 broke", failure.Message);
    }

    [Fact]
    public void CancellingOneRankStopsEveryRankAfterTheSameWindow()
    {
        var definition = TestModels.Network(400, 100, duration: 2000);
        using var cancel = new CancellationTokenSource();
        var results = InProcessCommunicator.Run(2, communicator =>
        {
            var options = new RunOptions
            {
                Distributed = communicator,
                Cancellation = communicator.Rank == 1 ? cancel.Token : default,
                Progress = p => { if (p.SimulatedMs > 100) cancel.Cancel(); },
                ProgressInterval = TimeSpan.Zero,
            };
            return NetworkBuilder.Build(definition, communicator).Run(options);
        });
        Assert.True(results[0].Partial);
        Assert.Equal(results[0].SimulatedTime, results[1].SimulatedTime);
        Assert.True(results[0].SimulatedTime < 2000);
    }

    [Fact]
    public void NoMpiLibraryIsAnErrorThatSaysWhatToInstall()
    {
        string? before = Environment.GetEnvironmentVariable("NETDSL_MPI_LIB");
        Environment.SetEnvironmentVariable("NETDSL_MPI_LIB", "none");
        try
        {
            Assert.Empty(MpiCommunicator.Candidates());
            Assert.False(MpiCommunicator.IsAvailable());
        }
        finally
        {
            Environment.SetEnvironmentVariable("NETDSL_MPI_LIB", before);
        }
        Assert.Contains("apt-get install openmpi-bin", MpiCommunicator.InstallHint);
    }

    [Fact]
    public void LauncherVariablesMakeARunDistributed()
    {
        Assert.True(MpiLaunch.IsMultiRankLaunch(name => name == "OMPI_COMM_WORLD_SIZE" ? "4" : null));
        Assert.True(MpiLaunch.IsMultiRankLaunch(name => name == "PMI_SIZE" ? "2" : null));
        Assert.False(MpiLaunch.IsMultiRankLaunch(name => name == "OMPI_COMM_WORLD_SIZE" ? "1" : null));
        Assert.False(MpiLaunch.IsMultiRankLaunch(_ => null));
    }

    [Fact]
    public void TheLaunchersMpiIsTriedFirst()
    {
        Func<string, string?> openMpi = name => name switch { "OMPI_COMM_WORLD_SIZE" => "2", _ => null };
        Func<string, string?> hydra = name => name switch { "PMI_SIZE" => "2", "PMI_RANK" => "1", "HYDI_CONTROL_FD" => "7", _ => null };
        Func<string, string?> explicitLibrary = name => name switch { "PMI_SIZE" => "2", "NETDSL_MPI_LIB" => "/opt/mpi/lib/libmpi.so", _ => null };
        Assert.Equal(MpiFamily.OpenMpi, MpiLaunch.Launcher(openMpi));
        Assert.Equal(MpiFamily.Mpich, MpiLaunch.Launcher(hydra));
        Assert.Equal(MpiFamily.Unknown, MpiLaunch.Launcher(_ => null));
        Assert.Equal(["libmpi.so.40", "libmpi.so.12", "libmpich.so.12", "libmpi.so"], MpiCommunicator.Candidates(openMpi));
        Assert.Equal(["libmpi.so.40", "libmpi.so.12", "libmpich.so.12", "libmpi.so"], MpiCommunicator.Candidates(_ => null));
        Assert.Equal(["libmpi.so.12", "libmpich.so.12", "libmpi.so.40", "libmpi.so"], MpiCommunicator.Candidates(hydra));
        Assert.Equal(["/opt/mpi/lib/libmpi.so", "libmpi.so.12", "libmpich.so.12", "libmpi.so.40", "libmpi.so"], MpiCommunicator.Candidates(explicitLibrary));
    }
}

/// <summary>What the summary says of a distributed run.</summary>
public class DistributedSummaryTests
{
    [Fact]
    public void TheSummaryCountsTheRanksAsWorkersAndTimingListsEachRank()
    {
        var definition = TestModels.Network(400, 100, duration: 100);
        var results = InProcessCommunicator.Run(2, communicator =>
            NetworkBuilder.Build(definition, communicator).Run(new RunOptions { Distributed = communicator }));
        Assert.Contains("  Simulated time: 0.1 s; 2 workers", NetDsl.Output.RunSummary.Lines(results[0]));
        var timing = NetDsl.Output.RunSummary.TimingLines(results[0], 1 << 20);
        Assert.Contains(timing, line => line.StartsWith("    rank 0: gids 0-247 (248 cells", StringComparison.Ordinal));
        Assert.Contains(timing, line => line.StartsWith("    rank 1: gids 248-499 (252 cells", StringComparison.Ordinal) && line.Contains("exchange per window"));
        Assert.Equal(1, results[1].Rank);
    }
}
