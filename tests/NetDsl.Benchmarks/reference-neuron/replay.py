"""Runs a network that NetDsl wrote (`netdsl run MODEL.netdsl --out DIR`, the NetPyNE-format *_data.json) in
NEURON 8.2.2, instantiated as NetPyNE instantiates it, and compares the spikes with NetDsl's.

Cells are created in gid order: a soma section with the geometry NetDsl drew, then either an Izhi2007b point
process with the values NetDsl drew (secs.soma.pointps.Izhi) or NEURON's built-in density mechanisms inserted
with the values each cell got (secs.soma.mechs: hh gnabar/gkbar/gl/el, pas g/e), and a spike detector on soma v
at the cell's threshold (secs.soma.threshold). Then every connection in each cell's list gets its own synapse
(Exp2Syn tau1/tau2/e or ExpSyn tau/e, as its synMech says) and a NetCon from its pre cell (oneSynPerNetcon), then
every stimulus (IClamp, or a NetStim with its own synapse, seeded as NetPyNE seeds it: Random123(hashStr('NetStim'),
gid, seed) with one draw discarded). Fixed step, v_init and celsius from the file (hParams), then h.finitialize
and pc.psolve(duration) as NetPyNE's runSim.

usage: python3 replay.py DATA.json [--write-spikes SPIKES.json]
exit status 0 when the spikes agree within 1e-9 ms, 1 otherwise; --write-spikes saves NEURON's spikes as
[[time, gid], ...] in (time, gid) order.
"""
import json
import os
import sys

from neuron import h

here = os.path.dirname(os.path.abspath(__file__))
if not hasattr(h, "Izhi2007b"):
    h.nrn_load_dll(os.path.join(here, "x86_64", "libnrnmech.so"))
h.load_file("stdrun.hoc")

NETSTIM_HASH = 1428063344  # NetPyNE's hashStr('NetStim')

data = json.load(open(sys.argv[1]))
spikes_file = sys.argv[sys.argv.index("--write-spikes") + 1] if "--write-spikes" in sys.argv else None
cfg = data["simConfig"]
cells = data["net"]["cells"]
pc = h.ParallelContext()
keep = []

synapse_params = {}
for cell in cells:
    for mech in cell["secs"]["soma"].get("synMechs", []):
        synapse_params.setdefault(mech["label"], mech)


def new_synapse(soma, label):
    params = synapse_params[label]
    mod = params.get("mod", "Exp2Syn")
    if mod == "Exp2Syn":
        syn = h.Exp2Syn(params.get("loc", 0.5), sec=soma)
        syn.tau1, syn.tau2, syn.e = params["tau1"], params["tau2"], params["e"]
    elif mod == "ExpSyn":
        syn = h.ExpSyn(params.get("loc", 0.5), sec=soma)
        syn.tau, syn.e = params["tau"], params["e"]
    else:
        raise SystemExit(f"replay.py: synapse mechanism {mod} is not replayed")
    keep.append(syn)
    return syn


DENSITY_PARAMETERS = {"hh": ("gnabar", "gkbar", "gl", "el"), "pas": ("g", "e")}


def insert_mechanisms(soma, mechs):
    """NEURON's built-in hh / pas with the values the cell got, as NetPyNE sets them on every segment."""
    for name, params in mechs.items():
        if name not in DENSITY_PARAMETERS:
            raise SystemExit(f"replay.py: density mechanism {name} is not replayed")
        soma.insert(name)
        for parameter in DENSITY_PARAMETERS[name]:
            if parameter in params:
                if isinstance(params[parameter], str):
                    raise SystemExit(f"replay.py: {name}.{parameter} is a string ({params[parameter]}), not the cell's value")
                for seg in soma:
                    setattr(getattr(seg, name), parameter, params[parameter])


somas = {}
for cell in cells:
    gid = cell["gid"]
    sec = cell["secs"]["soma"]
    soma = h.Section(name=f"soma_{gid}")
    geom = sec["geom"]
    soma.diam, soma.L, soma.cm = geom["diam"], geom["L"], geom["cm"]
    if "Ra" in geom:
        soma.Ra = geom["Ra"]
    threshold = sec.get("threshold", 10.0)
    if "Izhi" in sec.get("pointps", {}):
        izh_params = sec["pointps"]["Izhi"]
        izh = h.Izhi2007b(0.5, sec=soma)
        for name in ("C", "k", "vr", "vt", "vpeak", "a", "b", "c", "d", "Iin", "celltype", "alive", "cellid"):
            if name in izh_params:
                setattr(izh, name, izh_params[name])
        threshold = izh_params.get("threshold", threshold)
        keep.append(izh)
    else:
        insert_mechanisms(soma, sec.get("mechs", {}))
    detector = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    detector.threshold = threshold
    pc.set_gid2node(gid, pc.id())
    pc.cell(gid, detector)
    somas[gid] = soma
    keep += [soma, detector]

for cell in cells:
    for conn in cell["conns"]:
        if conn["preGid"] == "NetStim":
            continue  # made with its stimulus below, as NetPyNE's addStims does
        syn = new_synapse(somas[cell["gid"]], conn["synMech"])
        nc = pc.gid_connect(conn["preGid"], syn)
        nc.weight[0], nc.delay = conn["weight"], conn["delay"]
        keep.append(nc)

for cell in cells:
    soma = somas[cell["gid"]]
    stim_conns = [conn for conn in cell["conns"] if conn["preGid"] == "NetStim"]
    for stim in cell["stims"]:
        if stim["type"] == "IClamp":
            clamp = h.IClamp(stim.get("loc", 0.5), sec=soma)
            clamp.delay, clamp.dur, clamp.amp = stim["del"], stim["dur"], stim["amp"]
            keep.append(clamp)
        elif stim["type"] == "NetStim":
            conn = next(c for c in stim_conns if c.get("preLabel") == stim["source"])
            stim_conns.remove(conn)
            netstim = h.NetStim()
            netstim.interval = 1000.0 / stim["rate"] if "rate" in stim else stim["interval"]
            netstim.noise, netstim.start, netstim.number = stim.get("noise", 0), stim.get("start", 0), stim.get("number", 1e9)
            stream = h.Random()
            stream.Random123(NETSTIM_HASH, cell["gid"], stim.get("seed", 1))
            stream.negexp(1)
            netstim.noiseFromRandom(stream)
            syn = new_synapse(soma, conn["synMech"])
            nc = h.NetCon(netstim, syn)
            nc.weight[0], nc.delay = conn["weight"], conn["delay"]
            keep += [netstim, stream, nc]
        else:
            raise SystemExit(f"replay.py: stimulus type {stim['type']} is not replayed")

spike_times, spike_gids = h.Vector(), h.Vector()
pc.spike_record(-1, spike_times, spike_gids)
hparams = cfg.get("hParams", {})
h.celsius = hparams.get("celsius", 6.3)
# As NetPyNE's runSim: dt set directly (stdrun's setdt would round it to steps_per_ms), finitialize, psolve.
h.dt = cfg["dt"]
pc.set_maxstep(10)
h.finitialize(hparams.get("v_init", -65.0))
pc.psolve(cfg["duration"])

neuron_spikes = sorted(zip(spike_times.to_python(), spike_gids.to_python()), key=lambda s: (s[0], s[1]))
if spikes_file:
    with open(spikes_file, "w") as f:
        json.dump([[t, int(g)] for t, g in neuron_spikes], f)
netdsl_spikes = sorted(zip(data["simData"]["spkt"], data["simData"]["spkid"]), key=lambda s: (s[0], s[1]))
first_difference = next((i for i, (a, b) in enumerate(zip(neuron_spikes, netdsl_spikes))
                         if a[1] != b[1] or abs(a[0] - b[0]) > 1e-9), None)
same = first_difference is None and len(neuron_spikes) == len(netdsl_spikes)
print(f"{os.path.basename(sys.argv[1])}: NEURON {len(neuron_spikes)} spikes, NetDsl {len(netdsl_spikes)}: "
      + ("identical" if same else f"first difference at spike {first_difference if first_difference is not None else min(len(neuron_spikes), len(netdsl_spikes))}"))
if not same and first_difference is not None:
    print(f"  NEURON {neuron_spikes[first_difference]}  NetDsl {netdsl_spikes[first_difference]}")
sys.exit(0 if same else 1)
