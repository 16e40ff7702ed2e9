"""export-check.sh's NetPyNE side of the read-back check: loads NetDsl's data JSON with sim.loadAll (default
arguments: the network is re-instantiated in NEURON), simulates it again and writes the spikes as [[t, gid], ...].
Usage: python3 loadall.py DATA.json OUT.json"""
import json
import sys

from netpyne import sim

sim.initialize()
sim.loadAll(sys.argv[1])
sim.cfg.saveJson = False
sim.cfg.savePickle = False
sim.cfg.analysis = {}
sim.setupRecording()
sim.simulate()
json.dump([[t, int(g)] for t, g in zip(sim.allSimData['spkt'], sim.allSimData['spkid'])], open(sys.argv[2], 'w'))
