using NetDsl.Random;
using NetDsl.Simulation;

namespace NetDsl.Tests;

public class RandomStreamTests
{
    [Fact]
    public void HashStringMatchesNetPyneIds()
    {
        Assert.Equal(1428063344u, NetPyneHash.HashString("NetStim"));
        Assert.Equal(391219005u, NetPyneHash.HashString("cellParams"));
    }

    [Fact]
    public void AStreamPositionedAtADrawGivesTheDrawsFromThere()
    {
        var sequential = new Random123Stream(12345, 678, 9);
        var draws = new uint[1000];
        for (int i = 0; i < draws.Length; i++) draws[i] = sequential.NextUInt();
        foreach (int index in new[] { 0, 1, 2, 3, 4, 5, 7, 8, 511, 997 })
        {
            var positioned = Random123Stream.At(12345, 678, 9, (ulong)index);
            for (int i = index; i < Math.Min(draws.Length, index + 6); i++) Assert.Equal(draws[i], positioned.NextUInt());
        }
    }

    [Theory]
    [InlineData("A_single")]
    [InlineData("B_network")]
    [InlineData("C_inhib")]
    public void CellsMatchReference(string name)
    {
        var network = NetworkBuilder.Build(ReferenceCases.Get(name));
        var cells = ReferenceData.Load(name, "cells.json");
        Assert.Equal(cells.GetArrayLength(), network.Cells.Count);
        foreach (var cell in cells.EnumerateArray())
        {
            var built = network.Cells[cell.GetProperty("gid").GetInt32()];
            Assert.Equal(cell.GetProperty("pop").GetString(), built.Population);
            Assert.Equal(cell.GetProperty("x").GetDouble(), built.X);
            Assert.Equal(cell.GetProperty("y").GetDouble(), built.Y);
            Assert.Equal(cell.GetProperty("z").GetDouble(), built.Z);
            Assert.Equal(cell.GetProperty("xnorm").GetDouble(), built.XNorm);
            Assert.Equal(cell.GetProperty("znorm").GetDouble(), built.ZNorm);
            foreach (var p in cell.GetProperty("izhi_actual").EnumerateObject())
            {
                Assert.True(p.Value.GetDouble() == built.Parameters[p.Name], $"gid {built.Gid} {p.Name}: {p.Value.GetDouble():R} vs {built.Parameters[p.Name]:R}");
            }
            Assert.Equal(cell.GetProperty("soma_actual").GetProperty("area_um2").GetDouble(), built.Parameters["area"], 12);
        }
    }

    [Theory]
    [InlineData("B_network")]
    [InlineData("C_inhib")]
    public void ConnectionsMatchReference(string name)
    {
        var network = NetworkBuilder.Build(ReferenceCases.Get(name));
        var conns = ReferenceData.Load(name, "conns.json");
        Assert.Equal(conns.GetArrayLength(), network.Connections.Count);
        int i = 0;
        foreach (var row in conns.EnumerateArray())
        {
            var c = network.Connections[i++];
            Assert.Equal((int)row[0].GetDouble(), c.PreGid);
            Assert.Equal((int)row[1].GetDouble(), c.PostGid);
            Assert.Equal(row[2].GetDouble(), c.Weight);
            Assert.Equal(row[3].GetDouble(), c.Delay);
            Assert.Equal(row[4].GetString(), c.Synapse);
        }
    }

    [Theory]
    [InlineData("B_network")]
    [InlineData("C_inhib")]
    public void NetStimEventTimesMatchReference(string name)
    {
        var result = NetworkBuilder.Build(ReferenceCases.Get(name)).Run();
        var stims = ReferenceData.Load(name, "stims.json");
        var netStims = result.Stims.Where(s => s.Type == "NetStim").ToList();
        Assert.Equal(stims.GetArrayLength(), netStims.Count);
        int i = 0;
        foreach (var stim in stims.EnumerateArray())
        {
            var built = netStims[i++];
            Assert.Equal(stim.GetProperty("gid").GetInt32(), built.Gid);
            var expected = ReferenceData.Doubles(stim.GetProperty("event_times_ms"));
            Assert.Equal(expected, built.EventTimes.ToArray());
        }
    }
}
