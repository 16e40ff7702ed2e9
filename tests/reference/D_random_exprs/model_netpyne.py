# NetPyNE model of reference case D_random_exprs (the model part of the script that produced this folder;
# it was run with NetPyNE 1.1.0 on NEURON 8.2.2, fixed step, default seeds, with
# NPY_DISABLE_CPU_FEATURES='AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL' so that numpy's exp, log,
# log10, sin, cos, tan are the C library's, as on a CPU without AVX-512; see summary.json numpy_avx512_variant).
# Random calls in expressions: 150x600x150 um; E (RS 80) ynormRange [0.1,0.6], I (FS 40) ynormRange [0.3,0.9], E6 (RS 60) ynormRange [0.6,1]; E->all p '0.08*exp(-dist_3D/200.0) + uniform(0, 0.05)' w 'uniform(0.003, 0.006)*post_ynorm' d 'dist_3D/propVelocity + normal(1.5, 0.04)'; I->E p 'uniform(0.2, 0.5)*exp(-dist_y/150.0)' w 'normal(0.002, 1e-8) + 0.0005*pre_znorm' d 'uniform(0.5, 1.5) + dist_3D/propVelocity'; E6->I p 0.2 w '0.001 + negexp(0.002)' d '1 + discunif(0, 3)*0.5 + dist_z/propVelocity'; I->I all-to-all (ynorm [0.3,0.6) -> [0.5,0.9)) w 'uniform(0.0005, 0.001)' d 'dist_3D/propVelocity + uniform(0.2, 0.4)'; E6->E6 connList with a self pair and a repeated pair, w 'normal(0.003, 1e-7)*post_ynorm' d 'uniform(1, 2)'
from netpyne import specs, sim
netParams = specs.NetParams()

netParams.sizeX = 150
netParams.sizeY = 600
netParams.sizeZ = 150
netParams.propVelocity = 120.0

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


netParams.popParams['E'] = {'cellType': 'RS', 'numCells': 80, 'ynormRange': [0.1, 0.6]}
netParams.popParams['I'] = {'cellType': 'FS', 'numCells': 40, 'ynormRange': [0.3, 0.9]}
netParams.popParams['E6'] = {'cellType': 'RS', 'numCells': 60, 'ynormRange': [0.6, 1.0]}

netParams.synMechParams['exc'] = {'mod': 'Exp2Syn', 'tau1': 1.0, 'tau2': 5.0, 'e': 0}
netParams.synMechParams['inh'] = {'mod': 'Exp2Syn', 'tau1': 2.0, 'tau2': 10.0, 'e': -70}

netParams.stimSourceParams['bkg'] = {'type': 'NetStim', 'rate': 100, 'noise': 0.5}
netParams.stimTargetParams['bkg->all'] = {'source': 'bkg', 'conds': {'cellType': ['RS', 'FS']}, 'weight': 0.01, 'delay': 5, 'synMech': 'exc'}

netParams.connParams['E->all'] = {'preConds': {'pop': 'E'}, 'postConds': {'cellType': ['RS', 'FS']}, 'probability': '0.08*exp(-dist_3D/200.0) + uniform(0, 0.05)', 'weight': 'uniform(0.003, 0.006)*post_ynorm', 'delay': 'dist_3D/propVelocity + normal(1.5, 0.04)', 'synMech': 'exc'}
netParams.connParams['I->E'] = {'preConds': {'pop': 'I'}, 'postConds': {'pop': ['E', 'E6']}, 'probability': 'uniform(0.2, 0.5)*exp(-dist_y/150.0)', 'weight': 'normal(0.002, 1e-8) + 0.0005*pre_znorm', 'delay': 'uniform(0.5, 1.5) + dist_3D/propVelocity', 'synMech': 'inh'}
netParams.connParams['E6->I'] = {'preConds': {'pop': 'E6'}, 'postConds': {'pop': 'I'}, 'probability': 0.2, 'weight': '0.001 + negexp(0.002)', 'delay': '1 + discunif(0, 3)*0.5 + dist_z/propVelocity', 'synMech': 'exc'}
netParams.connParams['I->I'] = {'preConds': {'pop': 'I', 'ynorm': [0.3, 0.6]}, 'postConds': {'pop': 'I', 'ynorm': [0.5, 0.9]}, 'weight': 'uniform(0.0005, 0.001)', 'delay': 'dist_3D/propVelocity + uniform(0.2, 0.4)', 'synMech': 'inh'}
netParams.connParams['E6->E6'] = {'preConds': {'pop': 'E6'}, 'postConds': {'pop': 'E6'}, 'connList': [[0, 1], [2, 3], [5, 5], [10, 0], [3, 7], [0, 1], [59, 12]], 'weight': 'normal(0.003, 1e-7)*post_ynorm', 'delay': 'uniform(1, 2)', 'synMech': 'exc'}

simConfig = specs.SimConfig()
simConfig.duration = 500
simConfig.dt = 0.025
simConfig.verbose = False
simConfig.recordStep = 1
simConfig.filename = 'model'   # NetPyNE names saved figures model_<plot>.png
sim.createSimulateAnalyze(netParams=netParams, simConfig=simConfig)
