"""NetPyNE 1.1.0 building the network of tests/NetDsl.Benchmarks/SpatialBuild.cs (Tutorial 5's density, 60 % RS / 40 %
FS by ynormRange [0.1, 1], E -> all p 0.1*exp(-dist_3D/150), I -> E p 0.4*exp(-dist_3D/150), delays
0.5 + dist_3D/100) with its all-pairs rule, and printing the creation and connection times.
Run as export-check.sh runs NetPyNE: from a folder with izhi2007b.mod compiled,
  PYTHONPATH=$NETPYNE:STUBS python3 spatial_build.py N
"""
import sys
import time

from netpyne import sim, specs

n = int(sys.argv[1])
side = (n / 250.0) ** 0.5 * 100
net = specs.NetParams()
net.sizeX, net.sizeY, net.sizeZ = side, 1000, side
net.propVelocity = 100.0
net.probLengthConst = 150.0
geom = {'diam': 10, 'L': 10, 'cm': 31.831}
rs = {'mod': 'Izhi2007b', 'C': 1, 'k': 0.7, 'vr': -60, 'vt': -40, 'vpeak': 35, 'a': 0.03, 'b': -2, 'c': -50, 'd': 100, 'celltype': 1}
fs = {'mod': 'Izhi2007b', 'C': 0.2, 'k': 1, 'vr': -55, 'vt': -40, 'vpeak': 25, 'a': 0.2, 'b': -2, 'c': -45, 'd': -55, 'celltype': 5}
net.cellParams['RS'] = {'secs': {'soma': {'geom': geom, 'pointps': {'Izhi': rs}}}}
net.cellParams['FS'] = {'secs': {'soma': {'geom': geom, 'pointps': {'Izhi': fs}}}}
excitatory = n * 3 // 5
net.popParams['E'] = {'cellType': 'RS', 'numCells': excitatory, 'ynormRange': [0.1, 1.0]}
net.popParams['I'] = {'cellType': 'FS', 'numCells': n - excitatory, 'ynormRange': [0.1, 1.0]}
net.synMechParams['exc'] = {'mod': 'Exp2Syn', 'tau1': 1, 'tau2': 5, 'e': 0}
net.synMechParams['inh'] = {'mod': 'Exp2Syn', 'tau1': 2, 'tau2': 10, 'e': -70}
delay = '0.5 + dist_3D/propVelocity'
net.connParams['E->all'] = {'preConds': {'pop': 'E'}, 'postConds': {}, 'probability': '0.1*exp(-dist_3D/probLengthConst)', 'weight': 0.0005, 'delay': delay, 'synMech': 'exc'}
net.connParams['I->E'] = {'preConds': {'pop': 'I'}, 'postConds': {'pop': 'E'}, 'probability': '0.4*exp(-dist_3D/probLengthConst)', 'weight': 0.001, 'delay': delay, 'synMech': 'inh'}
cfg = specs.SimConfig()
cfg.duration = 100
cfg.verbose = False
sim.initialize(netParams=net, simConfig=cfg)
start = time.time()
sim.net.createPops()
sim.net.createCells()
created = time.time()
conns = sim.net.connectCells()
connected = time.time()
print(f"NetPyNE N={n}: create {created - start:.2f} s, connect {connected - created:.2f} s, "
      f"{sum(len(c.conns) for c in sim.net.cells)} connections")
