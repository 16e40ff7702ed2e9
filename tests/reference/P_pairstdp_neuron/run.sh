#!/usr/bin/env bash
# Runs every variant of model_neuron.py (one NEURON process each) and writes <variant>.json, gzip-compressed as
# <variant>.json.gz when larger than 200 KB (tests/Shared/ReferenceFiles.cs reads both). Needs ./build.sh first.
# The variant lambda_zero (no weight ever changes) is checked against NetPyNE's fixed-weight ../B_network spikes.
set -euo pipefail
cd "$(dirname "$0")"
test -f x86_64/libnrnmech.so || ./build.sh
for variant in additive multiplicative with_stdp lambda_zero; do
    rm -f "$variant.json" "$variant.json.gz"
    /usr/bin/python3 model_neuron.py "$variant" 2>/dev/null > "$variant.json"
    if [ "$(stat -c %s "$variant.json")" -gt 204800 ]; then gzip -9 "$variant.json"; fi
    echo "$variant: $(ls "$variant".json*)"
done
/usr/bin/python3 - <<'PY'
import gzip, json
a = json.load(gzip.open('lambda_zero.json.gz') if __import__('os').path.exists('lambda_zero.json.gz') else open('lambda_zero.json'))
b = json.load(open('../B_network/spikes.json'))
same = a['spikes'] == sorted([list(s) for s in b]) and not a['changes']
print('lambda_zero:', 'equals' if same else 'DOES NOT equal', "NetPyNE's fixed-weight B_network spikes")
raise SystemExit(0 if same else 1)
PY
