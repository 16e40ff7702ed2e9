"""P_stdp_neuron: NEURON 8.2.2's own results for NetPyNE's STDP mechanism with other parameter sets than P_stdp.

The network is P_stdp's (NetPyNE's tutorial network B_network: 20 Izhi2007b cells, a NetStim each, IZH->IZH with
probability 0.1), built here in NEURON directly the way NetPyNE 1.1.0 builds it, from NetPyNE's own construction
output in ../P_stdp (cells.json: every cell's k; conns.json: the connections, in each post cell's order):
  * cells in gid order: a soma (diam 10, L 10, cm 31.831), an Izhi2007b point process at 0.5, a spike detector
    NetCon on soma v at 10 mV registered with pc.cell(gid, nc, 1) and then dropped, as NetPyNE's associateGid does
    (the gid's PreSyn stays; only NetCons with a target remain in its list, which decides NEURON's single-event
    delivery when all of a cell's NetCons have one delay);
  * every connection: its own Exp2Syn (tau1 1, tau2 5, e 0) on the post soma and a NetCon pc.gid_connect(pre, syn)
    with the weight and the delay; then NetPyNE's _addConnPlasticity: h.STDP(0, sec=post soma) with the variant's
    parameters, precon = pc.gid_connect(pre, stdp) with weight 1, pstcon = pc.gid_connect(post, stdp) with
    weight -1 (both with gid_connect's default delay, 1 ms), and h.setpointer(nc._ref_weight[0], 'synweight', stdp);
  * then every cell's NetStim (rate 100 Hz, noise 0.5, Random123(hashStr('NetStim'), gid, 1) with one draw
    discarded) on its own Exp2Syn, weight 0.01, delay 5;
  * h.dt = 0.025, pc.set_maxstep(10), h.finitialize(-65), pc.psolve(...) as NetPyNE's runSim; a variant with rewards
    stops at each reward time, calls reward_punish(r) on the chosen STDP mechanisms and goes on.
Recorded as NetPyNE records V_soma of every cell and h.t (Vector.record(ref, 1), 'v' in the output) and as
../P_stdp/run.py records weights.json: weight[0] of every synaptic NetCon with Vector.record(ref, 10)
and at every step (changes = [t, pre, post, before, after] for every step whose recorded weight differs from the
previous step's, t the first step time showing the new value).

The variant 'P_stdp' is the NetPyNE case itself: its output must equal ../P_stdp/spikes.json and weights.json,
which checks this script against NetPyNE. NetDsl's equivalent: tests/NetDsl.Tests/PlasticityTests.cs.

Run: ./build.sh once (compiles ../P_stdp/stdp.mod and izhi2007b.mod), then ./run.sh (every variant, one process
each), or /usr/bin/python3 model_neuron.py VARIANT > VARIANT.json.
"""
import json
import os
import sys

from neuron import h

here = os.path.dirname(os.path.abspath(__file__))
if not hasattr(h, "STDP"):
    h.nrn_load_dll(os.path.join(here, "x86_64", "libnrnmech.so"))
h.load_file("stdrun.hoc")

NETSTIM_HASH = 1428063344  # NetPyNE's hashStr('NetStim')
DURATION = 1000.0

# Every variant: the STDP parameters (NetPyNE's 'plast' params), the synaptic delay of IZH->IZH, and rewards
# (time ms, reinforcement, which STDP mechanisms: 'all' or 'even-post' = connections onto an even gid).
VARIANTS = {
    "P_stdp": {
        "params": {"hebbwt": 0.01, "antiwt": -0.01, "wmax": 50, "RLon": 1, "tauhebb": 10},
        "delay": 5.0, "rewards": [],
    },
    # Soft thresholding against a low ceiling, unequal time constants, a 1 ms synaptic delay (the synaptic event
    # of a spike and its event at the STDP mechanism are then due at the same time), no RL.
    "soft_delay1": {
        "params": {"hebbwt": 0.004, "antiwt": -0.005, "wmax": 0.012, "softthresh": 1, "tauhebb": 20, "tauanti": 15, "RLon": 0},
        "delay": 1.0, "rewards": [],
    },
    # Exponential eligibility traces and reward_punish between runs (as NetPyNE's RL_arm example), hard clipping.
    "rl_exp": {
        "params": {"hebbwt": 0.003, "antiwt": -0.004, "wmax": 0.05, "useRLexp": 1, "RLlenhebb": 50, "RLlenanti": 80,
                   "RLhebbwt": 0.002, "RLantiwt": -0.001, "RLwindhebb": 15, "RLwindanti": 5, "tauanti": 25},
        "delay": 3.0, "rewards": [[250.0, 1.0, "all"], [500.0, -0.5, "even-post"], [750.0, 2.0, "all"]],
    },
    # A second, fixed rule after the plastic one (NetPyNE's fromListConn: its list order), with a 1 ms delay: its
    # events share their times with the STDP mechanisms' and stand between them in NEURON's queue.
    "mixed_rules": {
        "params": {"hebbwt": 0.01, "antiwt": -0.01, "wmax": 50, "RLon": 1, "tauhebb": 10},
        "delay": 2.0, "rewards": [],
        "fixed": {"weight": 0.002, "delay": 1.0,
                  "pairs": [[0, 1], [5, 3], [8, 3], [3, 8], [12, 10], [19, 0], [4, 1], [1, 18], [13, 2], [2, 13], [17, 5], [10, 9]]},
    },
    # Thalamocortical (celltype 6) and fast-spiking (celltype 5) cells, k as drawn: their extra WATCH conditions
    # (v vs -65 mV, v vs d) send events too.
    "tc_cells": {
        "params": {"hebbwt": 0.004, "antiwt": -0.004, "wmax": 0.05, "tauhebb": 15},
        "delay": 2.0, "rewards": [],
        "cell": {"C": 2.0, "vr": -60, "vt": -50, "vpeak": 35, "a": 0.01, "b": 15, "c": -60, "d": 10, "celltype": 6},
    },
    "fs_cells": {
        "params": {"hebbwt": 0.004, "antiwt": -0.004, "wmax": 0.05, "tauanti": 15},
        "delay": 1.0, "rewards": [],
        "cell": {"C": 0.2, "vr": -55, "vt": -40, "vpeak": 25, "a": 0.2, "b": -2, "c": -45, "d": -55, "celltype": 5},
    },
    # Binary eligibility traces with a short window, STDP off: only rewards change the weights.
    "rl_binary_stdp_off": {
        "params": {"STDPon": 0, "RLlenhebb": 40, "RLlenanti": 30, "RLhebbwt": 0.004, "RLantiwt": -0.003, "wmax": 0.03},
        "delay": 5.0, "rewards": [[100.0, 1.0, "all"], [300.0, 1.0, "all"], [600.0, -1.0, "even-post"], [900.0, 1.0, "all"]],
    },
}

variant_name = sys.argv[1] if len(sys.argv) > 1 else "P_stdp"
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
    izhi = {"C": 1, "vr": -60, "vt": -40, "vpeak": 35, "a": 0.03, "b": -2, "c": -50, "d": 100, "celltype": 1}
    izhi.update(variant.get("cell", {}))
    izhi["k"] = cell["k"]
    for name, value in izhi.items():
        setattr(izh, name, value)
    detector = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    detector.threshold = 10
    pc.set_gid2node(gid, pc.id())
    pc.cell(gid, detector, 1)
    del detector  # as NetPyNE's associateGid: the PreSyn stays (registered to the gid), the NetCon goes
    somas[gid] = soma
    keep += [soma, izh]

plastic = []  # (pre, post, synaptic NetCon, STDP mechanism) in connection order
for pre, post, weight, _delay, _syn in conns:
    syn = h.Exp2Syn(0.5, sec=somas[post])
    syn.tau1, syn.tau2, syn.e = 1.0, 5.0, 0
    nc = pc.gid_connect(pre, syn)
    nc.weight[0], nc.delay = weight, variant["delay"]
    stdp = h.STDP(0, sec=somas[post])
    for key, value in variant["params"].items():
        setattr(stdp, key, value)
    precon = pc.gid_connect(pre, stdp)
    precon.weight[0] = 1
    pstcon = pc.gid_connect(post, stdp)
    pstcon.weight[0] = -1
    h.setpointer(nc._ref_weight[0], "synweight", stdp)
    plastic.append((pre, post, nc, stdp))
    keep += [syn, nc, stdp, precon, pstcon]

fixed = variant.get("fixed")
for pre, post in (fixed["pairs"] if fixed else []):
    syn = h.Exp2Syn(0.5, sec=somas[post])
    syn.tau1, syn.tau2, syn.e = 1.0, 5.0, 0
    nc = pc.gid_connect(pre, syn)
    nc.weight[0], nc.delay = fixed["weight"], fixed["delay"]
    keep += [syn, nc]

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
# NetPyNE's recordTraces V_soma of every cell with recordStep 1 ms, and h.t with the same step (setupRecording).
traces = {}
for gid in sorted(somas):
    traces[gid] = h.Vector()
    traces[gid].record(somas[gid](0.5)._ref_v, 1.0)
t_traces = h.Vector()
t_traces.record(h._ref_t, 1.0)
samples, per_step = [], []
for _pre, _post, nc, _stdp in plastic:
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
rewards = []
for at, reinforcement, which in variant["rewards"]:
    pc.psolve(at)
    chosen = [i for i, (_pre, post, _nc, _stdp) in enumerate(plastic) if which == "all" or post % 2 == 0]
    for i in chosen:
        plastic[i][3].reward_punish(reinforcement)
    rewards.append({"at": at, "t": h.t, "reinforcement": reinforcement, "which": which, "conns": chosen})
pc.psolve(DURATION)

times = t_every.to_python()
changes = []
out_conns = []
for i, (pre, post, nc, _stdp) in enumerate(plastic):
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
    "note": "NEURON 8.2.2, model_neuron.py; weights as ../P_stdp/weights.json (t = sample times, changes per step); full precision",
    "params": variant["params"], "delay": variant["delay"], "rewards": rewards, "fixed": fixed, "cell": variant.get("cell"),
    "spikes": sorted([[t, int(g)] for t, g in zip(spike_t.to_python(), spike_gid.to_python())]),
    "t": t_sampled.to_python(), "conns": out_conns, "changes": changes,
    "v": {str(gid): vec.to_python() for gid, vec in traces.items()},
}, separators=(",", ":")))
