using System.Collections;
using NetDsl.Simulation;

namespace NetDsl.Construction;

/// <summary>
/// The cell-to-cell connections in NetPyNE order, stored compactly: pre, post and rule index per connection
/// (10 bytes), weights and delays per rule unless a rule draws them per connection.
/// </summary>
internal sealed class ConnectionTable : IReadOnlyList<ConnectionInfo>
{
    private readonly int[] _pre;
    private readonly int[] _post;
    private readonly ushort[] _rule;
    private readonly double[] _ruleWeight;
    private readonly double[] _ruleDelay;
    private readonly string[] _ruleSynapse;
    private readonly double[]? _weight;
    private readonly double[]? _delay;

    public ConnectionTable(IReadOnlyList<PendingConnection> ordered, IReadOnlyList<RuleInfo> rules)
    {
        int n = ordered.Count;
        _pre = new int[n]; _post = new int[n]; _rule = new ushort[n];
        _ruleWeight = new double[rules.Count]; _ruleDelay = new double[rules.Count]; _ruleSynapse = new string[rules.Count];
        bool drawn = false;
        for (int r = 0; r < rules.Count; r++)
        {
            _ruleWeight[r] = rules[r].Weight;
            _ruleDelay[r] = rules[r].Delay;
            _ruleSynapse[r] = rules[r].Synapse;
            drawn |= rules[r].DrawsPerConnection;
        }
        if (drawn)
        {
            _weight = new double[n];
            _delay = new double[n];
        }
        for (int i = 0; i < n; i++)
        {
            var c = ordered[i];
            _pre[i] = c.Pre; _post[i] = c.Post; _rule[i] = (ushort)c.Rule;
            if (drawn)
            {
                _weight![i] = c.Weight;
                _delay![i] = c.Delay;
            }
        }
    }

    internal readonly record struct RuleInfo(double Weight, double Delay, string Synapse, bool DrawsPerConnection);

    public int Count => _pre.Length;

    public ConnectionInfo this[int index]
    {
        get
        {
            int rule = _rule[index];
            return new ConnectionInfo(_pre[index], _post[index], _weight?[index] ?? _ruleWeight[rule], _delay?[index] ?? _ruleDelay[rule], _ruleSynapse[rule]);
        }
    }

    public IEnumerator<ConnectionInfo> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
