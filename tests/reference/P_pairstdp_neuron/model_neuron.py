"""P_pairstdp_neuron: NEURON 8.2.2's own results for NetDsl's pair-based STDP rule (pairSTDP), with pairstdp.mod.

The network is P_stdp's (NetPyNE's tutorial network B_network: 20 Izhi2007b cells, a NetStim each, IZH->IZH with
probability 0.1), built in NEURON directly as ../P_stdp_neuron/model_neuron.py builds it (its docstring lists every
step), from NetPyNE's construction output in ../P_stdp (cells.json, conns.json). What differs is each IZH->IZH
connection's plasticity, wired as tests/NetDsl.Benchmarks/reference-neuron/pairstdp.mod says:
  * its own Exp2Syn (tau1 1, tau2 5, e 0) on the post soma, as before, but without a NetCon of its own;
  * a PairSTDP point process on the post soma with the variant's parameters and the Exp2Syn's tau1, tau2;
  * the synaptic NetCon pc.gid_connect(pre, rule) with the connection's weight and the variant's delay, then
    pc.gid_connect(post, rule) with weight -1 and delay 0;
  * h.setpointer on the synaptic NetCon's weight[0] (synweight) and on the Exp2Syn's A and B (synA, synB).
The variant 'with_stdp' adds a second rule after it (an explicit list, delay 1 ms) with NetPyNE's STDP mechanism,
wired as NetPyNE wires it (stdp.mod, two NetCons with gid_connect's default delay 1 ms).

Recorded as ../P_stdp_neuron records: spikes, V_soma of every cell at 1 ms, weight[0] of every plastic synaptic
NetCon every 10 ms and at every step (changes = [t, pre, post, before, after] for every step whose recorded weight
differs from the previous step's, t the first step time showing it), final weights; full precision.
NetDsl's side: tests/NetDsl.Tests/PairStdpTests.cs.

Run: ./build.sh once, then ./run.sh, or /usr/bin/python3 model_neuron.py VARIANT > VARIANT.json.
"""
import json
import os
import sys

from neuron import h

here = os.path.dirname(os.path.abspath(__file__))
if not hasattr(h, "PairSTDP"):
    h.nrn_load_dll(os.path.join(here, "x86_64", "libnrnmech.so"))
h.load_file("stdrun.hoc")

NETSTIM_HASH = 1428063344  # NetPyNE's hashStr('NetStim')
DURATION = 1000.0

# Every variant: the pairSTDP parameters (NetDsl's names = pairstdp.mod's), the synaptic delay of IZH->IZH and, for
# 'with_stdp', a second rule with NetPyNE's STDP; 'lambda_zero' must leave the fixed-weight network's spikes.
VARIANTS = {
    # Additive updates (Song, Miller and Abbott; Brian2's example), both bounds reached, a 5 ms delay.
    "additive": {
        "params": {"tau_plus": 17, "tau_minus": 22, "lambda": 0.15, "alpha": 0.8, "mu_plus": 0, "mu_minus": 0, "Wmax": 0.008},
        "delay": 5.0,
    },
    # Multiplicative updates (NEST's default exponents), a 1 ms delay.
    "multiplicative": {
        "params": {"tau_plus": 15, "tau_minus": 25, "lambda": 0.1, "alpha": 1.2, "mu_plus": 1, "mu_minus": 1, "Wmax": 0.012},
        "delay": 1.0,
    },
    # Power-law exponents between the two, a 2 ms delay, and NetPyNE's STDP on a second rule (1 ms delay).
    "with_stdp": {
        "params": {"tau_plus": 20, "tau_minus": 20, "lambda": 0.03, "alpha": 0.9, "mu_plus": 0.4, "mu_minus": 0.7, "Wmax": 0.008},
        "delay": 2.0,
        "stdp": {"params": {"hebbwt": 0.002, "antiwt": -0.0025, "wmax": 0.01, "RLon": 0}, "weight": 0.003, "delay": 1.0,
                 "pairs": [[0, 1], [5, 3], [8, 3], [3, 8], [12, 10], [19, 0], [4, 1], [1, 18], [13, 2], [2, 13], [17, 5], [10, 9]]},
    },
    # No step: the weights never change (the spikes must be the fixed-weight network's).
    "lambda_zero": {
        "params": {"lambda": 0, "Wmax": 0.01},
        "delay": 5.0,
    },
}

variant_name = sys.argv[1] if len(sys.argv) > 1 else "additive"
variant = VARIANTS[variant_name]
ref = os.path.join(here, "..", "P_stdp")
cells = json.load(open(os.path.join(ref, "cells.json")))
conns = json.load(open(os.path.join(ref, "conns.json")))

pc = h.ParallelContext()
keep = []
somas = {}
for cell in sorted(cells, key=lambda c: c["gid"]):
    gid = cell["gid"]
    soma = h.Section(name=f"soma_{gid}")
    soma.diam, soma.L, soma.cm = 10, 10, 31.831
    izh = h.Izhi2007b(0.5, sec=soma)
    izhi = {"C": 1, "vr": -60, "vt": -40, "vpeak": 35, "a": 0.03, "b": -2, "c": -50, "d": 100, "celltype": 1, "k": cell["k"]}
    for name, value in izhi.items():
        setattr(izh, name, value)
    detector = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    detector.threshold = 10
    pc.set_gid2node(gid, pc.id())
    pc.cell(gid, detector, 1)
    del detector  # as NetPyNE's associateGid: the PreSyn stays (registered to the gid), the NetCon goes
    somas[gid] = soma
    keep += [soma, izh]

plastic = []  # (pre, post, synaptic NetCon) in connection order
for pre, post, weight, _delay, _syn in conns:
    syn = h.Exp2Syn(0.5, sec=somas[post])
    syn.tau1, syn.tau2, syn.e = 1.0, 5.0, 0
    rule = h.PairSTDP(0.5, sec=somas[post])
    for key, value in variant["params"].items():
        setattr(rule, key, value)
    rule.tau1, rule.tau2 = syn.tau1, syn.tau2
    nc = pc.gid_connect(pre, rule)
    nc.weight[0], nc.delay = weight, variant["delay"]
    post_nc = pc.gid_connect(post, rule)
    post_nc.weight[0], post_nc.delay = -1, 0
    h.setpointer(nc._ref_weight[0], "synweight", rule)
    h.setpointer(syn._ref_A, "synA", rule)
    h.setpointer(syn._ref_B, "synB", rule)
    plastic.append((pre, post, nc))
    keep += [syn, rule, nc, post_nc]

second = variant.get("stdp")
for pre, post in (second["pairs"] if second else []):
    syn = h.Exp2Syn(0.5, sec=somas[post])
    syn.tau1, syn.tau2, syn.e = 1.0, 5.0, 0
    nc = pc.gid_connect(pre, syn)
    nc.weight[0], nc.delay = second["weight"], second["delay"]
    stdp = h.STDP(0, sec=somas[post])
    for key, value in second["params"].items():
        setattr(stdp, key, value)
    precon = pc.gid_connect(pre, stdp)
    precon.weight[0] = 1
    pstcon = pc.gid_connect(post, stdp)
    pstcon.weight[0] = -1
    h.setpointer(nc._ref_weight[0], "synweight", stdp)
    plastic.append((pre, post, nc))
    keep += [syn, nc, stdp, precon, pstcon]

for gid in sorted(somas):
    netstim = h.NetStim()
    netstim.interval, netstim.noise, netstim.start, netstim.number = 1000.0 / 100, 0.5, 0, 1e9
    stream = h.Random()
    stream.Random123(NETSTIM_HASH, gid, 1)
    stream.negexp(1)
    netstim.noiseFromRandom(stream)
    syn = h.Exp2Syn(0.5, sec=somas[gid])
    syn.tau1, syn.tau2, syn.e = 1.0, 5.0, 0
    nc = h.NetCon(netstim, syn)
    nc.weight[0], nc.delay = 0.01, 5
    keep += [netstim, stream, syn, nc]

spike_t, spike_gid = h.Vector(), h.Vector()
pc.spike_record(-1, spike_t, spike_gid)
traces = {}
for gid in sorted(somas):
    traces[gid] = h.Vector()
    traces[gid].record(somas[gid](0.5)._ref_v, 1.0)
t_traces = h.Vector()
t_traces.record(h._ref_t, 1.0)
samples, per_step = [], []
for _pre, _post, nc in plastic:
    sampled, every = h.Vector(), h.Vector()
    sampled.record(nc._ref_weight[0], 10.0)
    every.record(nc._ref_weight[0])
    samples.append(sampled)
    per_step.append(every)
t_sampled, t_every = h.Vector(), h.Vector()
t_sampled.record(h._ref_t, 10.0)
t_every.record(h._ref_t)

h.celsius = 6.3
h.dt = 0.025
pc.set_maxstep(10)
h.finitialize(-65)
pc.psolve(DURATION)

times = t_every.to_python()
changes = []
out_conns = []
for i, (pre, post, nc) in enumerate(plastic):
    w = per_step[i].to_python()
    n = 0
    for k in range(1, len(w)):
        if w[k] != w[k - 1]:
            changes.append([times[k], pre, post, w[k - 1], w[k]])
            n += 1
    out_conns.append({"preGid": pre, "postGid": post, "final_weight": nc.weight[0], "num_changes": n, "w": samples[i].to_python()})
changes.sort()
print(json.dumps({
    "variant": variant_name,
    "note": "NEURON 8.2.2, model_neuron.py with pairstdp.mod; weights as ../P_stdp/weights.json (t = sample times, changes per step); full precision",
    "params": variant["params"], "delay": variant["delay"], "stdp": second,
    "spikes": sorted([[t, int(g)] for t, g in zip(spike_t.to_python(), spike_gid.to_python())]),
    "t": t_sampled.to_python(), "conns": out_conns, "changes": changes,
    "v": {str(gid): vec.to_python() for gid, vec in traces.items()},
}, separators=(",", ":")))
