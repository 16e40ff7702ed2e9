using NetDsl.Definition;
using NetDsl.Random;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>The fast probability rule's exact instance: geometric skips over the post-major pair order.</summary>
public class FastProbabilityOrderTests
{
    [Theory]
    [InlineData(0.003)]   // skips span several post cells
    [InlineData(0.05)]
    [InlineData(0.6)]
    public void ConnectionsFollowTheSkipsOverPostMajorPairs(double p)
    {
        var d = TestModels.Network(50, 30, duration: 10, pExc: p, rule: ConnectionRuleKind.FastProbability);
        var built = NetworkBuilder.Build(d).Connections.Where(c => c.Synapse == "exc").Select(c => (c.PreGid, c.PostGid)).ToList();

        int[] pre = [.. Enumerable.Range(0, 50)];
        int[] post = [.. Enumerable.Range(0, 80)];
        Assert.Equal(ReferencePairs(pre, post, p, new Seeds().Conn), built);
    }

    /// <summary>The rule written out plainly: pair index = ipost * pre count + ipre, self-pairs dropped.</summary>
    private static List<(int, int)> ReferencePairs(int[] pre, int[] post, double p, int connSeed)
    {
        var stream = new Random123Stream(NetPyneHash.HashList(pre), NetPyneHash.HashList(post), (uint)connSeed);
        double logQ = Math.Log(1 - p);
        long total = (long)pre.Length * post.Length;
        var pairs = new List<(int, int)>();
        for (long index = -1; ; )
        {
            index += (long)Math.Floor(Math.Log(stream.NextDouble()) / logQ) + 1;
            if (index >= total) break;
            int preGid = pre[index % pre.Length], postGid = post[index / pre.Length];
            if (preGid != postGid) pairs.Add((preGid, postGid));
        }
        return pairs;
    }
}
