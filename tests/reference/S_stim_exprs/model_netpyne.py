# NetPyNE model of reference case S_stim_exprs (the model part of the script that produced this folder, run with
# D_spatial's run.py harness; NetPyNE 1.1.0 on NEURON 8.2.2, fixed step, default seeds, with
# NPY_DISABLE_CPU_FEATURES='AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL').
# Stimulus source parameters as string functions, evaluated per target cell: NetStim bkg rate '50 + 50*post_ynorm',
# noise 'uniform(0.2, 0.8)', start 'uniform(0, 20)', number '20 + 30*post_xnorm' on every cell (weight
# '0.005 + 0.005*post_ynorm', delay 'uniform(2, 6)'); NetStim slow interval 'uniform(20, 40)', start
# '5 + 10*post_znorm' on I (delay 'max(1, normal(4, 1))'); IClamp ic del 'uniform(50, 150)', dur '200 + 100*post_ynorm',
# amp '0.2 + 0.5*post_xnorm + normal(0, 0.0004)' on the E cells with ynorm in [0.5, 1).
from netpyne import specs, sim

# =====================================================================================
# Model (NetPyNE tutorial seed, corrected; variation for this case applied)
# =====================================================================================
netParams = specs.NetParams()

netParams.sizeX = 100
netParams.sizeY = 500
netParams.sizeZ = 100

RS = {'secs': {}}
RS['secs']['soma'] = {'geom': {}, 'pointps': {}}
RS['secs']['soma']['geom'] = {'diam': 10, 'L': 10, 'cm': 31.831}
RS['secs']['soma']['pointps']['Izhi'] = {'mod': 'Izhi2007b', 'C': 1, 'k': 0.7, 'vr': -60, 'vt': -40, 'vpeak': 35, 'a': 0.03, 'b': -2, 'c': -50, 'd': 100, 'celltype': 1}
netParams.cellParams['RS'] = RS

FS = {'secs': {}}
FS['secs']['soma'] = {'geom': {}, 'pointps': {}}
FS['secs']['soma']['geom'] = {'diam': 10, 'L': 10, 'cm': 31.831}
FS['secs']['soma']['pointps']['Izhi'] = {'mod': 'Izhi2007b', 'C': 0.2, 'k': 1, 'vr': -55, 'vt': -40, 'vpeak': 25, 'a': 0.2, 'b': -2, 'c': -45, 'd': -55, 'celltype': 5}
netParams.cellParams['FS'] = FS

netParams.popParams['E'] = {'cellType': 'RS', 'numCells': 30}
netParams.popParams['I'] = {'cellType': 'FS', 'numCells': 20}

netParams.synMechParams['exc'] = {'mod': 'Exp2Syn', 'tau1': 1.0, 'tau2': 5.0, 'e': 0}
netParams.synMechParams['inh'] = {'mod': 'Exp2Syn', 'tau1': 2.0, 'tau2': 10.0, 'e': -70}

# Stim source parameters as string functions of the target cell (post_*) and random draws, evaluated per target.
netParams.stimSourceParams['bkg'] = {'type': 'NetStim', 'rate': '50 + 50*post_ynorm', 'noise': 'uniform(0.2, 0.8)', 'start': 'uniform(0, 20)', 'number': '20 + 30*post_xnorm'}
netParams.stimSourceParams['slow'] = {'type': 'NetStim', 'interval': 'uniform(20, 40)', 'noise': 0.3, 'start': '5 + 10*post_znorm'}
netParams.stimSourceParams['ic'] = {'type': 'IClamp', 'del': 'uniform(50, 150)', 'dur': '200 + 100*post_ynorm', 'amp': '0.2 + 0.5*post_xnorm + normal(0, 0.0004)'}

netParams.stimTargetParams['bkg->all'] = {'source': 'bkg', 'conds': {'cellType': ['RS', 'FS']}, 'weight': '0.005 + 0.005*post_ynorm', 'delay': 'uniform(2, 6)', 'synMech': 'exc'}
netParams.stimTargetParams['slow->I'] = {'source': 'slow', 'conds': {'pop': 'I'}, 'weight': 0.01, 'delay': 'max(1, normal(4, 1))', 'synMech': 'exc'}
netParams.stimTargetParams['ic->E'] = {'source': 'ic', 'conds': {'pop': 'E', 'ynorm': [0.5, 1.0]}, 'sec': 'soma', 'loc': 0.5}

netParams.connParams['E->all'] = {'preConds': {'pop': 'E'}, 'postConds': {'cellType': ['RS', 'FS']}, 'probability': 0.1, 'weight': 0.004, 'delay': 5, 'synMech': 'exc'}
netParams.connParams['I->E'] = {'preConds': {'pop': 'I'}, 'postConds': {'pop': 'E'}, 'probability': 0.3, 'weight': 0.003, 'delay': 3, 'synMech': 'inh'}

simConfig = specs.SimConfig()
simConfig.duration = 1 * 1e3
simConfig.dt = 0.025
simConfig.verbose = False
simConfig.recordTraces = {'V_soma': {'sec': 'soma', 'loc': 0.5, 'var': 'v'}}
simConfig.recordStep = 1
simConfig.filename = 'model'   # NetPyNE names saved figures model_<plot>.png
sim.createSimulateAnalyze(netParams=netParams, simConfig=simConfig)
