# NetPyNE model of reference case D_abs_ranges (the model part of the script that produced this folder;
# it was run with NetPyNE 1.1.0 on NEURON 8.2.2, fixed step, default seeds, with
# NPY_DISABLE_CPU_FEATURES='AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL' so that numpy's exp, log,
# log10, sin, cos, tan are the C library's, as on a CPU without AVX-512; see summary.json numpy_avx512_variant).
# Absolute ranges: 200x400x150 um; E (RS 90) xRange [0,150] yRange [20,380]; I (FS 40) xRange [50,200] yRange [100,300]; S (RS 40) zRange [30,120] xnormRange [0.2,0.8]; conditions on x and z; expressions with post_x, pre_z, dist_2D, dist_x/y/z, log, log10, sqrt, abs, min, max, exp, **
from netpyne import specs, sim
netParams = specs.NetParams()

netParams.sizeX = 200
netParams.sizeY = 400
netParams.sizeZ = 150
netParams.propVelocity = 150.0

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


netParams.popParams['E'] = {'cellType': 'RS', 'numCells': 90, 'xRange': [0, 150], 'yRange': [20, 380]}
netParams.popParams['I'] = {'cellType': 'FS', 'numCells': 40, 'xRange': [50, 200], 'yRange': [100, 300]}
netParams.popParams['S'] = {'cellType': 'RS', 'numCells': 40, 'zRange': [30, 120], 'xnormRange': [0.2, 0.8]}

netParams.synMechParams['exc'] = {'mod': 'Exp2Syn', 'tau1': 1.0, 'tau2': 5.0, 'e': 0}
netParams.synMechParams['inh'] = {'mod': 'Exp2Syn', 'tau1': 2.0, 'tau2': 10.0, 'e': -70}

netParams.stimSourceParams['bkg'] = {'type': 'NetStim', 'rate': 100, 'noise': 0.5}
netParams.stimTargetParams['bkg->all'] = {'source': 'bkg', 'conds': {'cellType': ['RS', 'FS']}, 'weight': 0.01, 'delay': 5, 'synMech': 'exc'}

netParams.connParams['E->E'] = {'preConds': {'pop': 'E', 'x': [0, 100]}, 'postConds': {'pop': 'E', 'z': [25, 125]}, 'probability': '0.5*exp(-dist_2D/80.0)', 'weight': '0.001*sqrt(post_x) + 0.0001*log(1 + pre_z)', 'delay': 'max(0.5, dist_2D/propVelocity) + min(pre_z, post_z)/100.0', 'synMech': 'exc'}
netParams.connParams['E->I'] = {'preConds': {'pop': 'E', 'z': [0, 100]}, 'postConds': {'pop': 'I', 'x': [60, 180]}, 'probability': 'min(0.4, 20.0/(dist_2D + 40.0))', 'weight': '0.003*(pre_z/sizeZ)**2 + 0.001', 'delay': '1 + abs(pre_x - post_x)**0.5/4', 'synMech': 'exc'}
netParams.connParams['I->E'] = {'preConds': {'cellType': 'FS'}, 'postConds': {'pop': 'E', 'y': [50, 350]}, 'probability': '0.3*exp(-(dist_x**2 + dist_z**2)/5000.0)', 'weight': 'max(0.0005, 0.002 - 0.00001*dist_3D)', 'delay': 'dist_3D/propVelocity + 0.5*log10(1 + dist_y)', 'synMech': 'inh'}
netParams.connParams['S->all'] = {'preConds': {'pop': 'S', 'x': [50, 150]}, 'postConds': {'z': [0, 75]}, 'probability': 0.15, 'weight': '0.0005 + 0.004*(post_z/sizeZ)**2', 'delay': '2 - post_x/sizeX + abs(pre_y - post_y)/200', 'synMech': 'exc'}

simConfig = specs.SimConfig()
simConfig.duration = 500
simConfig.dt = 0.025
simConfig.verbose = False
simConfig.recordStep = 1
simConfig.filename = 'model'   # NetPyNE names saved figures model_<plot>.png
sim.createSimulateAnalyze(netParams=netParams, simConfig=simConfig)
