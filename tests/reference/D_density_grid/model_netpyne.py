# NetPyNE model of reference case D_density_grid (the model part of the script that produced this folder;
# it was run with NetPyNE 1.1.0 on NEURON 8.2.2, fixed step, default seeds, with
# NPY_DISABLE_CPU_FEATURES='AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL' so that numpy's exp, log,
# log10, sin, cos, tan are the C library's, as on a CPU without AVX-512; see summary.json numpy_avx512_variant).
# density, gridSpacing, cellsList: 100x200x100 um; G (RS) gridSpacing 25 in xnormRange [0.1,0.9], yRange [0,50]; D (FS) density 1.23e5 in yRange [100,180], znormRange [0,0.75] (int(73.8) = 73 cells); L (RS) 8 cells from a cellsList (x or xnorm given, else 0); R (RS 40) ynormRange [0.5,1]; H (FS) gridSpacing 35 in xRange [2.5,97.5], yRange [150.2,200], zRange [10,90.3] (float grid); G->R w 0.001 + 1e-7*pre_z**2 + 1e-6*pre_y on G integer grid tags; conditions on xnorm, ynorm, znorm; a second NetStim on ynorm [0.5,1)
from netpyne import specs, sim
netParams = specs.NetParams()

netParams.sizeX = 100
netParams.sizeY = 200
netParams.sizeZ = 100
netParams.propVelocity = 80.0

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


netParams.popParams['G'] = {'cellType': 'RS', 'gridSpacing': 25, 'xnormRange': [0.1, 0.9], 'yRange': [0, 50]}
netParams.popParams['D'] = {'cellType': 'FS', 'density': 1.23e5, 'yRange': [100, 180], 'znormRange': [0, 0.75]}
netParams.popParams['L'] = {'cellType': 'RS', 'cellsList': [{'x': 20, 'y': 150, 'z': 30}, {'xnorm': 0.5, 'ynorm': 0.9, 'znorm': 0.2}, {'x': 80.5, 'ynorm': 0.75}, {'x': 5, 'y': 10.25, 'z': 95}, {'xnorm': 0.33, 'y': 120, 'znorm': 0.66}, {'y': 60}, {'x': 45, 'y': 199, 'z': 50}, {'x': 99.5, 'ynorm': 0.05, 'z': 0.5}]}
netParams.popParams['R'] = {'cellType': 'RS', 'numCells': 40, 'ynormRange': [0.5, 1.0]}
netParams.popParams['H'] = {'cellType': 'FS', 'gridSpacing': 35, 'xRange': [2.5, 97.5], 'yRange': [150.2, 200], 'zRange': [10, 90.3]}

netParams.synMechParams['exc'] = {'mod': 'Exp2Syn', 'tau1': 1.0, 'tau2': 5.0, 'e': 0}
netParams.synMechParams['inh'] = {'mod': 'Exp2Syn', 'tau1': 2.0, 'tau2': 10.0, 'e': -70}

netParams.stimSourceParams['bkg'] = {'type': 'NetStim', 'rate': 100, 'noise': 0.5}
netParams.stimSourceParams['bkg2'] = {'type': 'NetStim', 'rate': 40, 'noise': 1.0}
netParams.stimTargetParams['bkg->all'] = {'source': 'bkg', 'conds': {'cellType': ['RS', 'FS']}, 'weight': 0.01, 'delay': 5, 'synMech': 'exc'}
netParams.stimTargetParams['bkg2->upper'] = {'source': 'bkg2', 'conds': {'ynorm': [0.5, 1.0]}, 'weight': 0.004, 'delay': 2, 'synMech': 'exc'}

netParams.connParams['G->D'] = {'preConds': {'pop': 'G', 'xnorm': [0.3, 0.9]}, 'postConds': {'pop': 'D', 'znorm': [0.1, 0.6]}, 'probability': '0.6*exp(-dist_3D/60.0)', 'weight': '0.004*post_znorm + 0.001', 'delay': 'dist_3D/propVelocity + 1', 'synMech': 'exc'}
netParams.connParams['D->G'] = {'preConds': {'pop': 'D'}, 'postConds': {'znorm': [0.0, 0.5], 'ynorm': [0, 0.2]}, 'probability': 0.25, 'weight': 0.002, 'delay': '1 + dist_xnorm*2 + dist_znorm', 'synMech': 'inh'}
netParams.connParams['L->all'] = {'preConds': {'pop': 'L'}, 'postConds': {'xnorm': [0.2, 0.8]}, 'probability': 0.3, 'weight': '0.003*(1 - pre_ynorm) + 0.001', 'delay': 2, 'synMech': 'exc'}
netParams.connParams['R->G'] = {'preConds': {'pop': 'R', 'znorm': [0.25, 1.0]}, 'postConds': {'pop': ['G', 'L']}, 'probability': '0.3*exp(-dist_y/100.0)', 'weight': '0.002 + 0.002*post_xnorm', 'delay': 'dist_3D/propVelocity + 0.5', 'synMech': 'exc'}
netParams.connParams['G->R'] = {'preConds': {'pop': 'G'}, 'postConds': {'pop': 'R'}, 'probability': '0.2*exp(-dist_3D/150.0)', 'weight': '0.001 + 1e-7*pre_z**2 + 1e-6*pre_y', 'delay': '1 + (pre_y + pre_z)/200', 'synMech': 'exc'}
netParams.connParams['H->all'] = {'preConds': {'pop': 'H'}, 'postConds': {'cellType': 'RS', 'xnorm': [0.0, 0.6]}, 'probability': 0.2, 'weight': 0.001, 'delay': 'dist_2D/propVelocity + 0.5', 'synMech': 'inh'}

simConfig = specs.SimConfig()
simConfig.duration = 500
simConfig.dt = 0.025
simConfig.verbose = False
simConfig.recordStep = 1
simConfig.filename = 'model'   # NetPyNE names saved figures model_<plot>.png
sim.createSimulateAnalyze(netParams=netParams, simConfig=simConfig)
