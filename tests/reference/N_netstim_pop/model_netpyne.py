# NetPyNE model of reference case N_netstim_pop (the model part of the script that produced this folder;
# it was run with NetPyNE 1.1.0 on NEURON 8.2.2, fixed step, default seeds, from a folder whose x86_64/ holds
# netpyne/tutorials/mod/izhi2007b.mod and vecevent.mod (VecStim) compiled, inside tests/reference/D_spatial's harness).
# Spike-generator populations as conn sources: NetStim pops thal (20, 10 Hz, noise 1, default start) and burst (4,
# interval 20, noise 0.5, start 200, number 10, seed 7), VecStim pops vs (per-cell spkTimes) and vp (shared spkTimes +
# two pulses) onto 20 Izhi2007b RS cells.
from netpyne import specs, sim
netParams = specs.NetParams()

IZH = {'secs': {}}
IZH['secs']['soma'] = {'geom': {}, 'pointps': {}}
IZH['secs']['soma']['geom'] = {'diam': 10, 'L': 10, 'cm': 31.831}
IZH['secs']['soma']['pointps']['Izhi'] = {'mod': 'Izhi2007b', 'C': 1, 'k': 0.7, 'vr': -60, 'vt': -40, 'vpeak': 35, 'a': 0.03, 'b': -2, 'c': -50, 'd': 100, 'celltype': 1}
netParams.cellParams['IZH'] = IZH

netParams.popParams['E'] = {'cellType': 'IZH', 'numCells': 20}
# 20 NetStims, 10 Hz, noise 1; no 'start': NEURON's default (50 ms) stays
netParams.popParams['thal'] = {'cellModel': 'NetStim', 'numCells': 20, 'rate': 10, 'noise': 1}
# a NetStim population with its own seed, start and number
netParams.popParams['burst'] = {'cellModel': 'NetStim', 'numCells': 4, 'interval': 20, 'noise': 0.5, 'start': 200, 'number': 10, 'seed': 7}
# VecStim: one train per cell
netParams.popParams['vs'] = {'cellModel': 'VecStim', 'numCells': 3, 'spkTimes': [[100.0, 300.5, 301.25], [150.0, 700.0], [5.0, 420.125, 900.0, 1200.0]]}
# VecStim: a shared train plus pulses (one regular, one noisy)
netParams.popParams['vp'] = {'cellModel': 'VecStim', 'numCells': 4, 'spkTimes': [20.0],
                             'pulses': [{'start': 400, 'end': 500, 'rate': 50, 'noise': 0}, {'start': 600, 'end': 800, 'interval': 10, 'noise': 0.5}]}

netParams.synMechParams['exc'] = {'mod': 'Exp2Syn', 'tau1': 1.0, 'tau2': 5.0, 'e': 0}

netParams.connParams['thal->E'] = {'preConds': {'pop': 'thal'}, 'postConds': {'pop': 'E'}, 'probability': 0.5, 'weight': 0.01, 'delay': 5, 'synMech': 'exc'}
netParams.connParams['burst->E'] = {'preConds': {'pop': 'burst'}, 'postConds': {'pop': 'E'}, 'divergence': 5, 'weight': 0.02, 'delay': 2, 'synMech': 'exc'}
netParams.connParams['vs->E'] = {'preConds': {'pop': 'vs'}, 'postConds': {'pop': 'E'}, 'convergence': 2, 'weight': 0.03, 'delay': 3, 'synMech': 'exc'}
netParams.connParams['vp->E'] = {'preConds': {'pop': 'vp'}, 'postConds': {'pop': 'E'}, 'probability': 0.3, 'weight': 0.01, 'delay': 1.5, 'synMech': 'exc'}
netParams.connParams['E->E'] = {'preConds': {'pop': 'E'}, 'postConds': {'pop': 'E'}, 'probability': 0.1, 'weight': 0.005, 'delay': 5, 'synMech': 'exc'}

simConfig = specs.SimConfig()
simConfig.duration = 1 * 1e3
simConfig.dt = 0.025
simConfig.verbose = False
simConfig.recordTraces = {'V_soma': {'sec': 'soma', 'loc': 0.5, 'var': 'v', 'conds': {'pop': 'E'}}}
simConfig.recordCells = [0]
simConfig.recordStep = 1
simConfig.filename = 'model'   # NetPyNE names saved figures model_<plot>.png
simConfig.analysis['plotRaster'] = {'saveFig': True}
sim.createSimulateAnalyze(netParams=netParams, simConfig=simConfig)
