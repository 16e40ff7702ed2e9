# NetPyNE model of reference case D_funcs (the model part of the script that produced this folder;
# it was run with NetPyNE 1.1.0 on NEURON 8.2.2, fixed step, default seeds, with
# NPY_DISABLE_CPU_FEATURES='AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL' so that numpy's exp, log,
# log10, sin, cos, tan are the C library's, as on a CPU without AVX-512; see summary.json numpy_avx512_variant).
# Functions and norm variables: 100x300x200 um; A (RS 70) xnormRange [0,0.7], B (FS 40) znormRange [0.3,1], C (RS 50) ynormRange [0.6,1]; A->B p '0.3*(1 + sin(pi*pre_xnorm))/2 + 0.1*cos(post_znorm*pi)' w '0.003*(1 + tan(dist_xnorm))' d '1 + log10(1 + dist_z) + dist_ynorm*2'; B->A p '0.4*exp(-dist_znorm*3)*abs(cos(pre_x/30.0))' w 'pow(0.5, 1 + dist_ynorm*4)*0.004' d '0.5 + post_y/sizeY + dist_xnorm'; C->all divergence '3 + 6*pre_znorm' w '0.002*sqrt(pre_ynorm*post_ynorm) + 0.0005' d 'dist_3D/propVelocity + 0.3*abs(sin(post_z))'
from netpyne import specs, sim
netParams = specs.NetParams()

netParams.sizeX = 100
netParams.sizeY = 300
netParams.sizeZ = 200
netParams.propVelocity = 200.0

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


netParams.popParams['A'] = {'cellType': 'RS', 'numCells': 70, 'xnormRange': [0.0, 0.7]}
netParams.popParams['B'] = {'cellType': 'FS', 'numCells': 40, 'znormRange': [0.3, 1.0]}
netParams.popParams['C'] = {'cellType': 'RS', 'numCells': 50, 'ynormRange': [0.6, 1.0]}

netParams.synMechParams['exc'] = {'mod': 'Exp2Syn', 'tau1': 1.0, 'tau2': 5.0, 'e': 0}
netParams.synMechParams['inh'] = {'mod': 'Exp2Syn', 'tau1': 2.0, 'tau2': 10.0, 'e': -70}

netParams.stimSourceParams['bkg'] = {'type': 'NetStim', 'rate': 100, 'noise': 0.5}
netParams.stimTargetParams['bkg->all'] = {'source': 'bkg', 'conds': {'cellType': ['RS', 'FS']}, 'weight': 0.01, 'delay': 5, 'synMech': 'exc'}

netParams.connParams['A->B'] = {'preConds': {'pop': 'A'}, 'postConds': {'pop': 'B'}, 'probability': '0.3*(1 + sin(pi*pre_xnorm))/2 + 0.1*cos(post_znorm*pi)', 'weight': '0.003*(1 + tan(dist_xnorm))', 'delay': '1 + log10(1 + dist_z) + dist_ynorm*2', 'synMech': 'exc'}
netParams.connParams['B->A'] = {'preConds': {'pop': 'B'}, 'postConds': {'pop': 'A', 'znorm': [0.1, 0.9]}, 'probability': '0.4*exp(-dist_znorm*3)*abs(cos(pre_x/30.0))', 'weight': 'pow(0.5, 1 + dist_ynorm*4)*0.004', 'delay': '0.5 + post_y/sizeY + dist_xnorm', 'synMech': 'inh'}
netParams.connParams['C->all'] = {'preConds': {'pop': 'C'}, 'postConds': {'cellType': 'RS'}, 'divergence': '3 + 6*pre_znorm', 'weight': '0.002*sqrt(pre_ynorm*post_ynorm) + 0.0005', 'delay': 'dist_3D/propVelocity + 0.3*abs(sin(post_z))', 'synMech': 'exc'}

simConfig = specs.SimConfig()
simConfig.duration = 500
simConfig.dt = 0.025
simConfig.verbose = False
simConfig.recordStep = 1
simConfig.filename = 'model'   # NetPyNE names saved figures model_<plot>.png
sim.createSimulateAnalyze(netParams=netParams, simConfig=simConfig)
