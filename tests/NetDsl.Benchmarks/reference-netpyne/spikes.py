"""export-check.sh's helpers: `keep DATA.json OUT.json` writes NetPyNE's spikes as [[t, gid], ...];
`compare KEPT.json NETDSL_spikes.csv` says whether NetDsl's spikes are the same (gid equal, time within 1e-6 ms)."""
import csv
import json
import sys

if sys.argv[1] == 'keep':
    data = json.load(open(sys.argv[2]))['simData']
    json.dump([[t, int(g)] for t, g in zip(data['spkt'], data['spkid'])], open(sys.argv[3], 'w'))
else:
    netpyne = json.load(open(sys.argv[2]))
    rows = [r for r in csv.reader(open(sys.argv[3])) if r and not r[0].startswith('#')][1:]
    netdsl = [(float(r[0]), int(float(r[1]))) for r in rows]
    same = len(netpyne) == len(netdsl) and all(abs(a[0] - b[0]) <= 1e-6 and a[1] == b[1] for a, b in zip(netpyne, netdsl))
    print(f"{len(netpyne)} NetPyNE spikes, {len(netdsl)} NetDsl spikes: {'identical' if same else 'DIFFERENT'}")
    sys.exit(0 if same else 1)
