#!/usr/bin/env bash
# Makes the inputs of `netdsl import` kept in tests/reference/netpyne-import: for each reference case, the JSON the
# real NetPyNE 1.1.0 writes for the case's own model_netpyne.py:
#   <case>_netParams.json  netParams.save(...)  ({"net": {"params": ...}})
#   <case>_data.json       sim.saveData with saveDataInclude ['netParams', 'netPops', 'simConfig'] (the saved-data layout,
#                          without the cells and results), after the run; the run's spikes are checked against
#                          the case's spikes.json.
# NetPyNE's JSON writer sorts keys, so a netParams file alone no longer says in which order the model declared its
# populations (which numbers the cells); net.pops (their gids) in the saved data does.
# Needs what export-check.sh needs (Debian's NEURON and numpy, NETPYNE=DIR holding NetPyNE 1.1.0's netpyne package).
# Usage: NETPYNE=/path/to/netpyne-1.1.0 import-inputs.sh
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
source "$here/netpyne-env.sh"
work="$(mktemp -d "${TMPDIR:-/tmp}/netdsl-import-inputs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
kept="$root/tests/reference/netpyne-import"
mkdir -p "$kept"

netpyne_run_folder "$work"
test -f "$work/run/x86_64/libnrnmech.so" || { cat "$work/run/build.log"; exit 1; }

status=0
for case in A_single B_network C_inhib H_tut2 D_spatial D_spatial_seeds D_abs_ranges D_density_grid D_conv_drawn D_random_exprs D_funcs H_hh_std_leak; do
  script="$work/run/$case.py"
  # The case's model as it is, with the two saves around its createSimulateAnalyze call.
  "$python" - "$root/tests/reference/$case/model_netpyne.py" "$script" "$case" <<'PY'
import re, sys
source, target, case = sys.argv[1:]
text = open(source).read()
call = re.search(r'^sim\.createSimulateAnalyze\(.*\)\s*$', text, re.M)
saves = (f"netParams.save('./{case}_netParams.json')\n"
         f"simConfig.saveJson = True\nsimConfig.savePickle = False\n"
         f"simConfig.saveDataInclude = ['netParams', 'netPops', 'simConfig']\nsimConfig.filename = '{case}'\n"
         "simConfig.analysis = {k: dict(v, saveFig=False, showFig=False) for k, v in simConfig.analysis.items()}\n")
after = ("\nimport json\n"
         f"json.dump([[float(t), int(g)] for t, g in zip(sim.allSimData['spkt'], sim.allSimData['spkid'])], open('{case}.spikes.json', 'w'))\n")
open(target, 'w').write(text[:call.start()] + saves + text[call.start():] + after)
PY
  if ! (cd "$work/run" && PYTHONPATH="$NETPYNE:$work/stubs" MPLBACKEND=Agg timeout 600 "$python" "$case.py" > "$case.log" 2>&1); then
    echo "$case: NetPyNE failed:"; tail -20 "$work/run/$case.log"; status=1; continue
  fi
  cp "$work/run/${case}_netParams.json" "$kept/"
  cp "$work/run/${case}_data.json" "$kept/"
  if "$python" - "$root/tests/reference/$case" "$work/run/$case.spikes.json" <<'PY'
import gzip, json, os, sys
folder, run = sys.argv[1:]
path = os.path.join(folder, 'spikes.json')
reference = json.load(open(path)) if os.path.exists(path) else json.load(gzip.open(path + '.gz'))
spikes = json.load(open(run))
sys.exit(0 if [[float(t), int(g)] for t, g in reference] == spikes else 1)
PY
  then echo "$case: saved; spikes as in tests/reference/$case"; else echo "$case: saved; spikes DIFFERENT from tests/reference/$case"; status=1; fi
done
exit $status
