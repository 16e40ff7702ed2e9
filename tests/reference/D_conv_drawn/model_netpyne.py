# NetPyNE model of reference case D_conv_drawn (the model part of the script that produced this folder;
# it was run with NetPyNE 1.1.0 on NEURON 8.2.2, fixed step, default seeds, with
# NPY_DISABLE_CPU_FEATURES='AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL' so that numpy's exp, log,
# log10, sin, cos, tan are the C library's, as on a CPU without AVX-512; see summary.json numpy_avx512_variant).
# Drawn convergence and divergence: 100x500x100 um; E (RS 100) ynormRange [0,0.6], I (FS 50) ynormRange [0.4,1], E2 (RS 50) yRange [250,500]; E->I convergence 'uniform(5, 15)' w 'normal(0.005, 1e-6)'; I->E divergence '2 + uniform(0, 4)*pre_ynorm' d 'uniform(1, 3)'; E->E2 convergence 'uniform(3, 6) + 4*post_ynorm'; E2->E divergence 'discunif(3, 7)' w 'normal(0.003, 1e-6)*post_xnorm' d 'negexp(2) + 0.5'; E->E (RS y in [0,200), self pairs among them) convergence 'uniform(2, 6)'
from netpyne import specs, sim
netParams = specs.NetParams()

netParams.sizeX = 100
netParams.sizeY = 500
netParams.sizeZ = 100
netParams.propVelocity = 100.0

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


netParams.popParams['E'] = {'cellType': 'RS', 'numCells': 100, 'ynormRange': [0.0, 0.6]}
netParams.popParams['I'] = {'cellType': 'FS', 'numCells': 50, 'ynormRange': [0.4, 1.0]}
netParams.popParams['E2'] = {'cellType': 'RS', 'numCells': 50, 'yRange': [250, 500]}

netParams.synMechParams['exc'] = {'mod': 'Exp2Syn', 'tau1': 1.0, 'tau2': 5.0, 'e': 0}
netParams.synMechParams['inh'] = {'mod': 'Exp2Syn', 'tau1': 2.0, 'tau2': 10.0, 'e': -70}

netParams.stimSourceParams['bkg'] = {'type': 'NetStim', 'rate': 100, 'noise': 0.5}
netParams.stimTargetParams['bkg->all'] = {'source': 'bkg', 'conds': {'cellType': ['RS', 'FS']}, 'weight': 0.01, 'delay': 5, 'synMech': 'exc'}

netParams.connParams['E->I'] = {'preConds': {'pop': 'E'}, 'postConds': {'pop': 'I'}, 'convergence': 'uniform(5, 15)', 'weight': 'normal(0.005, 1e-6)', 'delay': 'dist_3D/propVelocity + 1', 'synMech': 'exc'}
netParams.connParams['I->E'] = {'preConds': {'pop': 'I'}, 'postConds': {'pop': ['E', 'E2']}, 'divergence': '2 + uniform(0, 4)*pre_ynorm', 'weight': 0.002, 'delay': 'uniform(1, 3)', 'synMech': 'inh'}
netParams.connParams['E->E2'] = {'preConds': {'pop': 'E'}, 'postConds': {'pop': 'E2'}, 'convergence': 'uniform(3, 6) + 4*post_ynorm', 'weight': '0.004*post_ynorm', 'delay': 3, 'synMech': 'exc'}
netParams.connParams['E2->E'] = {'preConds': {'pop': 'E2'}, 'postConds': {'cellType': 'RS', 'ynorm': [0.2, 0.8]}, 'divergence': 'discunif(3, 7)', 'weight': 'normal(0.003, 1e-6)*post_xnorm', 'delay': 'negexp(2) + 0.5', 'synMech': 'exc'}
netParams.connParams['E->E'] = {'preConds': {'pop': 'E'}, 'postConds': {'cellType': 'RS', 'y': [0, 200]}, 'convergence': 'uniform(2, 6)', 'weight': 0.001, 'delay': 'dist_3D/propVelocity + 0.5', 'synMech': 'exc'}

simConfig = specs.SimConfig()
simConfig.duration = 500
simConfig.dt = 0.025
simConfig.verbose = False
simConfig.recordStep = 1
simConfig.filename = 'model'   # NetPyNE names saved figures model_<plot>.png
sim.createSimulateAnalyze(netParams=netParams, simConfig=simConfig)
