"""E_expsyn_hh_pas: NEURON 8.2.2's own results for ExpSyn and Exp2Syn on a Hodgkin-Huxley cell and on a
passive cell, built as NetPyNE builds them (one synapse per stimulus, created in stimulus order, a NetStim each,
spike detector on soma v at 10 mV). Run: /usr/bin/python3 model_neuron.py > trace_full.json (built-in
mechanisms only; nothing to compile). NetDsl's equivalent: tests/NetDsl.Tests/ReferenceCases.cs (ExpSynCells).
"""
import json
from neuron import h

h.load_file("stdrun.hoc")
pc = h.ParallelContext()
keep = []


def cell(gid, diam, length, ra, mechs):
    soma = h.Section(name=f"soma_{gid}")
    soma.diam, soma.L, soma.Ra = diam, length, ra
    for name, params in mechs:
        soma.insert(name)
        for key, value in params.items():
            setattr(soma(0.5), f"{key}_{name}", value)
    detector = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    detector.threshold = 10
    pc.set_gid2node(gid, pc.id())
    pc.cell(gid, detector)
    keep.extend([soma, detector])
    return soma


def stim(soma, synapse, interval, start, number, weight, delay):
    netstim = h.NetStim()
    netstim.interval, netstim.start, netstim.number, netstim.noise = interval, start, number, 0
    nc = h.NetCon(netstim, synapse)
    nc.weight[0], nc.delay = weight, delay
    keep.extend([synapse, netstim, nc])


def expsyn(soma, tau, e):
    syn = h.ExpSyn(0.5, sec=soma)
    syn.tau, syn.e = tau, e
    return syn


def exp2syn(soma, tau1, tau2, e):
    syn = h.Exp2Syn(0.5, sec=soma)
    syn.tau1, syn.tau2, syn.e = tau1, tau2, e
    return syn


hh_soma = cell(0, 19.3, 18.8, 123, [("hh", {"gnabar": 0.12, "gkbar": 0.036, "gl": 0.003, "el": -70})])
stim(hh_soma, expsyn(hh_soma, 2, 0), 20, 5, 40, 0.03, 1)
stim(hh_soma, exp2syn(hh_soma, 0.5, 5, -70), 33, 12, 1e9, 0.002, 2)
stim(hh_soma, expsyn(hh_soma, 8, 0), 7, 3, 1e9, 0.004, 1.5)
pas_soma = cell(1, 20, 20, 35.4, [("pas", {"g": 0.0001, "e": -65})])
stim(pas_soma, expsyn(pas_soma, 3, 0), 10, 2, 1e9, 0.0005, 1)

t, spikes_t, spikes_gid = h.Vector(), h.Vector(), h.Vector()
t.record(h._ref_t)
v0, v1 = h.Vector(), h.Vector()
v0.record(hh_soma(0.5)._ref_v)
v1.record(pas_soma(0.5)._ref_v)
m, hh_h, n = h.Vector(), h.Vector(), h.Vector()
m.record(hh_soma(0.5)._ref_m_hh)
hh_h.record(hh_soma(0.5)._ref_h_hh)
n.record(hh_soma(0.5)._ref_n_hh)
pc.spike_record(-1, spikes_t, spikes_gid)
h.celsius = 6.3
h.dt = 0.025
pc.set_maxstep(10)
h.finitialize(-65)
pc.psolve(300)
print(json.dumps({
    "note": "NEURON 8.2.2, every step, full precision",
    "t": t.to_python(),
    "cells": {"0": {"v": v0.to_python(), "m": m.to_python(), "h": hh_h.to_python(), "n": n.to_python()},
              "1": {"v": v1.to_python()}},
    "spikes": [[a, int(b)] for a, b in zip(spikes_t.to_python(), spikes_gid.to_python())],
}))
