"""The E/I benchmark network of examples/Scaling/ei_benchmark.netdsl in Brian2 2.5, C++ standalone mode, one
thread, double precision: Izhikevich cells integrated by forward Euler, Exp2Syn-like synapses (two decaying
states per synapse kind and cell, NEURON's peak normalisation), one NetStim-like source per cell (interval
5 ms + 5 ms * Exp(1), i.e. 100 Hz with noise 0.5), E -> all and I -> all with p = 100 / N_E. Timing comparison
only: the random streams are Brian2's own, so individual spikes differ from NetDsl's; the workload is the same.

usage: python3 ei_benchmark.py N [duration_ms]   (prints one Markdown row)
"""
import math
import shutil
import sys
import tempfile
import time

from brian2 import (NeuronGroup, SpikeMonitor, Synapses, defaultclock, device, ms, mV, nS, pA, pF, prefs, run,
                    set_device)

n = int(sys.argv[1])
duration = float(sys.argv[2]) if len(sys.argv) > 2 else 1000.0
n_exc = int(round(0.8 * n))
p = 100.0 / n_exc

build_dir = tempfile.mkdtemp(prefix="netdsl-brian2-")
set_device("cpp_standalone", directory=build_dir, build_on_run=False)
prefs.devices.cpp_standalone.openmp_threads = 0
defaultclock.dt = 0.025 * ms


def exp2syn_factor(tau1, tau2):
    """NEURON's Exp2Syn normalisation: an event of weight w gives a conductance peak of w."""
    peak = tau1 * tau2 / (tau2 - tau1) * math.log(tau2 / tau1)
    return 1.0 / (-math.exp(-peak / tau1) + math.exp(-peak / tau2))


cells = NeuronGroup(
    n,
    """
    dv/dt = (0.7*nS/mV*(v + 60*mV)*(v + 40*mV) - u + I) / (100*pF) : volt
    du/dt = 0.03/ms*(-2*nS*(v + 60*mV) - u) : amp
    I = (B_exc - A_exc)*(0*mV - v) + (B_inh - A_inh)*(-70*mV - v) : amp
    dA_exc/dt = -A_exc/(1*ms) : siemens
    dB_exc/dt = -B_exc/(5*ms) : siemens
    dA_inh/dt = -A_inh/(2*ms) : siemens
    dB_inh/dt = -B_inh/(10*ms) : siemens
    """,
    threshold="v > 35*mV", reset="v = -50*mV; u += 100*pA", method="euler")
cells.v = -60 * mV

sources = NeuronGroup(n, "next : second", threshold="t >= next", reset="next = t + 5*ms + 5*ms*(-log(rand()))",
                      method="exact")
sources.next = "5*ms*(-log(rand()))"

exc_factor, inh_factor = exp2syn_factor(1.0, 5.0), exp2syn_factor(2.0, 10.0)
drive = Synapses(sources, cells, on_pre=f"A_exc_post += 10*nS*{exc_factor}; B_exc_post += 10*nS*{exc_factor}", delay=5 * ms)
drive.connect(j="i")
excitation = Synapses(cells[:n_exc], cells, on_pre=f"A_exc_post += 1*nS*{exc_factor}; B_exc_post += 1*nS*{exc_factor}", delay=5 * ms)
excitation.connect(p=p)
inhibition = Synapses(cells[n_exc:], cells, on_pre=f"A_inh_post += 4*nS*{inh_factor}; B_inh_post += 4*nS*{inh_factor}", delay=3 * ms)
inhibition.connect(p=p)
spikes = SpikeMonitor(cells)

run(duration * ms)
start = time.perf_counter()
device.build(directory=build_dir, compile=True, run=True, debug=False)
build_and_run = time.perf_counter() - start
run_time = device._last_run_time
synapses = len(excitation) + len(inhibition)
count = spikes.num_spikes
shutil.rmtree(build_dir, ignore_errors=True)
print(f"| {n:,} | {synapses:,} | Brian2 2.5.1 C++ standalone | {build_and_run - run_time:.2f} | {run_time:.2f} | "
      f"{run_time * 1e9 / (n * duration / 0.025):.1f} | {count:,} | {count / n / (duration / 1000.0):.1f} |")
