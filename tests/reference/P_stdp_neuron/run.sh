#!/usr/bin/env bash
# Runs every variant of model_neuron.py (one NEURON process each) and writes <variant>.json, gzip-compressed as
# <variant>.json.gz when larger than 200 KB (tests/Shared/ReferenceFiles.cs reads both). Needs ./build.sh first.
# The variant P_stdp is checked against NetPyNE's own ../P_stdp output and not written.
set -euo pipefail
cd "$(dirname "$0")"
test -f x86_64/libnrnmech.so || ./build.sh
/usr/bin/python3 model_neuron.py P_stdp 2>/dev/null > P_stdp.check.json
/usr/bin/python3 - <<'PY'
import json
a = json.load(open('P_stdp.check.json'))
s = json.load(open('../P_stdp/spikes.json'))
import gzip
w = json.load(gzip.open('../P_stdp/weights.json.gz'))
same = a['spikes'] == s and a['t'] == w['t'] and a['changes'] == w['changes'] and all(
    x['w'] == y['w'] and x['final_weight'] == y['final_weight'] for x, y in zip(a['conns'], w['conns']))
print('P_stdp: this script', 'reproduces' if same else 'DOES NOT reproduce', 'NetPyNE\'s spikes and weights')
raise SystemExit(0 if same else 1)
PY
rm -f P_stdp.check.json
for variant in soft_delay1 rl_exp rl_binary_stdp_off mixed_rules tc_cells fs_cells; do
    rm -f "$variant.json" "$variant.json.gz"
    /usr/bin/python3 model_neuron.py "$variant" 2>/dev/null > "$variant.json"
    if [ "$(stat -c %s "$variant.json")" -gt 204800 ]; then gzip -9 "$variant.json"; fi
    echo "$variant: $(ls "$variant".json*)"
done
