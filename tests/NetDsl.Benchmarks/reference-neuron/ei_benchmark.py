"""The E/I benchmark network of examples/Scaling/ei_benchmark.netdsl in plain NEURON, built the way NetPyNE builds
it (one soma section per cell, an Izhi2007b point process, a NetStim per cell, connections through
ParallelContext with spike detection at 10 mV) and run the way NetPyNE runs it (fixed step, pc.psolve), with
one Exp2Syn per synapse kind and cell ("shared", what a NEURON user writes by hand) or one Exp2Syn per connection and
per stimulus ("per-connection", what NetPyNE builds: oneSynPerNetcon, and NetDsl's exact engine by default).
Timing comparison only: connectivity and NetStim streams are drawn here, so individual spikes differ from NetDsl's;
the workload is the same.

usage: python3 ei_benchmark.py N [duration_ms] [shared|per-connection]   (prints one Markdown row)
"""
import os
import sys
import time

import numpy as np
from neuron import h

here = os.path.dirname(os.path.abspath(__file__))
if not hasattr(h, "Izhi2007b"):  # NEURON loads ./x86_64 by itself when started here
    h.nrn_load_dll(os.path.join(here, "x86_64", "libnrnmech.so"))
h.load_file("stdrun.hoc")

n = int(sys.argv[1])
duration = float(sys.argv[2]) if len(sys.argv) > 2 else 1000.0
synapses = sys.argv[3] if len(sys.argv) > 3 else "shared"
if synapses not in ("shared", "per-connection"):
    sys.exit(f"ei_benchmark.py: synapses must be shared or per-connection, not {synapses!r}")
per_connection = synapses == "per-connection"
n_exc = int(round(0.8 * n))
p = 100.0 / n_exc

def excitatory_synapse(soma):
    syn = h.Exp2Syn(0.5, sec=soma)
    syn.tau1, syn.tau2, syn.e = 1, 5, 0
    return syn


def inhibitory_synapse(soma):
    syn = h.Exp2Syn(0.5, sec=soma)
    syn.tau1, syn.tau2, syn.e = 2, 10, -70
    return syn


setup_start = time.perf_counter()
pc = h.ParallelContext()
rng = np.random.default_rng(1)
cells = []
for gid in range(n):
    soma = h.Section(name=f"soma_{gid}")
    soma.diam, soma.L, soma.cm = 10, 10, 31.831
    izh = h.Izhi2007b(0.5, sec=soma)
    izh.C, izh.k, izh.vr, izh.vt, izh.vpeak = 1, 0.7, -60, -40, 35
    izh.a, izh.b, izh.c, izh.d, izh.celltype = 0.03, -2, -50, 100, 1
    exc, inh = excitatory_synapse(soma), inhibitory_synapse(soma)
    detector = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    detector.threshold = 10
    pc.set_gid2node(gid, pc.id())
    pc.cell(gid, detector)
    stim = h.NetStim()
    stim.interval, stim.number, stim.start, stim.noise = 10, 1e9, 0, 0.5
    stream = h.Random()
    stream.Random123(gid, 1, 0)
    stream.negexp(1)
    stim.noiseFromRandom(stream)
    # (Python holds every synapse: NEURON frees a point process whose last reference goes.)
    target = excitatory_synapse(soma) if per_connection else exc
    drive = h.NetCon(stim, target)
    drive.weight[0], drive.delay = 0.01, 5
    cells.append((soma, izh, exc, inh, detector, stim, stream, drive, target))

connections = []
synapse_objects = []
for pre in range(n):
    targets = np.nonzero(rng.random(n) < p)[0]
    excitatory = pre < n_exc
    for post in targets:
        if per_connection:
            soma = cells[post][0]
            syn = excitatory_synapse(soma) if excitatory else inhibitory_synapse(soma)
            synapse_objects.append(syn)
        else:
            syn = cells[post][2] if excitatory else cells[post][3]
        nc = pc.gid_connect(pre, syn)
        nc.weight[0] = 0.001 if excitatory else 0.004
        nc.delay = 5 if excitatory else 3
        connections.append(nc)

spike_times, spike_gids = h.Vector(), h.Vector()
pc.spike_record(-1, spike_times, spike_gids)
h.dt = 0.025
pc.set_maxstep(10)
h.finitialize(-65)
setup = time.perf_counter() - setup_start

run_start = time.perf_counter()
pc.psolve(duration)
run = time.perf_counter() - run_start

spikes = len(spike_times)
rate = spikes / n / (duration / 1000.0)
label = "NEURON 8.2.2, one Exp2Syn per connection" if per_connection else "NEURON 8.2.2"
print(f"| {n:,} | {len(connections):,} | {label} | {setup:.2f} | {run:.2f} | {run * 1e9 / (n * duration / h.dt):.1f} | {spikes:,} | {rate:.1f} |")
