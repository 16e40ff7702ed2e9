# NetPyNE model of reference case D_spatial_seeds (the model part of the script that produced this folder;
# it was run with NetPyNE 1.1.0 on NEURON 8.2.2, fixed step, the seeds given in the model, with
# NPY_DISABLE_CPU_FEATURES='AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL' so that numpy's exp, log,
# log10, sin, cos, tan are the C library's, as on a CPU without AVX-512; see summary.json numpy_avx512_variant).
# D_spatial with seeds conn=3, stim=7, loc=5, cell=2 and 500 ms: Tutorial 5 with Izhi2007b, 100x1000x100 um, five pops of 50 by ynormRange; E->all (RS -> y in [100,1000)) p 0.1*exp(-dist_3D/probLengthConst) w 0.005*post_ynorm d dist_3D/propVelocity; I->E p 0.4*exp(-dist_3D/probLengthConst) w 0.001
from netpyne import specs, sim
netParams = specs.NetParams()

netParams.sizeX = 100
netParams.sizeY = 1000
netParams.sizeZ = 100
netParams.propVelocity = 100.0
netParams.probLengthConst = 150.0

RS = {'secs': {}}
RS['secs']['soma'] = {'geom': {}, 'pointps': {}}
RS['secs']['soma']['geom'] = {'diam': 10, 'L': 10, 'cm': 31.831}
RS['secs']['soma']['pointps']['Izhi'] = {'mod': 'Izhi2007b', 'C': 1, 'k': 'normal(0.7, 0.05)', 'vr': -60, 'vt': -40, 'vpeak': 35, 'a': 0.03, 'b': -2, 'c': -50, 'd': 100, 'celltype': 1}
netParams.cellParams['RS'] = RS

FS = {'secs': {}}
FS['secs']['soma'] = {'geom': {}, 'pointps': {}}
FS['secs']['soma']['geom'] = {'diam': 10, 'L': 10, 'cm': 31.831}
FS['secs']['soma']['pointps']['Izhi'] = {'mod': 'Izhi2007b', 'C': 0.2, 'k': 1, 'vr': -55, 'vt': -40, 'vpeak': 25, 'a': 0.2, 'b': -2, 'c': -45, 'd': -55, 'celltype': 5}
netParams.cellParams['FS'] = FS

netParams.popParams['E2'] = {'cellType': 'RS', 'numCells': 50, 'ynormRange': [0.1, 0.4]}
netParams.popParams['I2'] = {'cellType': 'FS', 'numCells': 50, 'ynormRange': [0.1, 0.4]}
netParams.popParams['E4'] = {'cellType': 'RS', 'numCells': 50, 'ynormRange': [0.4, 0.7]}
netParams.popParams['I4'] = {'cellType': 'FS', 'numCells': 50, 'ynormRange': [0.4, 0.7]}
netParams.popParams['E5'] = {'cellType': 'RS', 'numCells': 50, 'ynormRange': [0.7, 1.0]}

netParams.synMechParams['exc'] = {'mod': 'Exp2Syn', 'tau1': 1.0, 'tau2': 5.0, 'e': 0}
netParams.synMechParams['inh'] = {'mod': 'Exp2Syn', 'tau1': 2.0, 'tau2': 10.0, 'e': -70}

netParams.stimSourceParams['bkg'] = {'type': 'NetStim', 'rate': 100, 'noise': 0.5}
netParams.stimTargetParams['bkg->all'] = {'source': 'bkg', 'conds': {'cellType': ['RS', 'FS']}, 'weight': 0.01, 'delay': 5, 'synMech': 'exc'}

netParams.connParams['E->all'] = {'preConds': {'cellType': 'RS'}, 'postConds': {'y': [100, 1000]}, 'probability': '0.1*exp(-dist_3D/probLengthConst)', 'weight': '0.005*post_ynorm', 'delay': 'dist_3D/propVelocity', 'synMech': 'exc'}
netParams.connParams['I->E'] = {'preConds': {'cellType': 'FS'}, 'postConds': {'pop': ['E2', 'E4', 'E5']}, 'probability': '0.4*exp(-dist_3D/probLengthConst)', 'weight': 0.001, 'delay': 'dist_3D/propVelocity', 'synMech': 'inh'}

simConfig = specs.SimConfig()
simConfig.duration = 500
simConfig.seeds = {'conn': 3, 'stim': 7, 'loc': 5, 'cell': 2}
simConfig.dt = 0.025
simConfig.verbose = False
simConfig.recordStep = 1
simConfig.filename = 'model'   # NetPyNE names saved figures model_<plot>.png
sim.createSimulateAnalyze(netParams=netParams, simConfig=simConfig)
