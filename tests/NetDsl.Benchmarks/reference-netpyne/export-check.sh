#!/usr/bin/env bash
# Two checks against the real NetPyNE 1.1.0 on NEURON 8.2.2, for every example model and the test model of stimulus
# source expressions (and the E/I benchmark at N = 1000 for the second):
# 1. `netdsl export netpyne`, the script run in NetPyNE: its spikes are kept in tests/reference/netpyne-export;
# 2. NetDsl's data JSON read back with NetPyNE's sim.loadAll (default arguments) and simulated again: the spikes are
#    kept in tests/reference/netpyne-loadall.
# Each is compared with NetDsl's exact engine here; `dotnet test` then checks NetDsl against the kept spikes without
# NetPyNE (tests/NetDsl.Cli.Tests/NetPyneExportTests.cs).
# Needs Debian's NEURON and numpy (../../../../shared/spec/reference-environment.md: apt-get install neuron neuron-dev
# python3-neuron python3-schema python3-tqdm python3-future python3-matplotlib python3-pandas) and NetPyNE 1.1.0's
# source: NETPYNE=DIR, where DIR/netpyne is the package (git archive 3a0a522672654ab9f30ec3f6e77237e60a2d9632 netpyne).
# numpy's AVX-512 code (SVML) for exp, log, sin, cos, tan and log10 differs from the C library's in the last bit for
# 10-65 % of arguments; NetDsl computes NetPyNE's string functions with the C library's, so numpy's CPU dispatch is
# turned off here (NetPyNE on a CPU without AVX-512 gives the same). docs/numerics.md says more.
# Usage: NETPYNE=/path/to/netpyne-1.1.0 export-check.sh      exit status 1 when a model's spikes differ
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
source "$here/netpyne-env.sh"
dotnet build -c Release "$root/src/NetDsl.Cli" -v quiet -nologo > /dev/null || exit 1
netdsl=("dotnet" "$root/src/NetDsl.Cli/bin/Release/net10.0/NetDsl.Cli.dll")
work="$(mktemp -d "${TMPDIR:-/tmp}/netdsl-export-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
kept="$root/tests/reference/netpyne-export"
mkdir -p "$kept"

netpyne_run_folder "$work"
test -f "$work/run/x86_64/libnrnmech.so" || { cat "$work/run/build.log"; exit 1; }

status=0
# Beside the examples, the test model of stimulus source expressions (reference S_stim_exprs).
stimexprs="$root/tests/NetDsl.Generators.Tests/Models/stim_exprs.netdsl"
for model in "$root"/examples/Tutorial/*.netdsl "$root"/examples/Spatial/*.netdsl "$stimexprs"; do
  name="$(basename "$model" .netdsl)"
  "${netdsl[@]}" export netpyne "$model" --out "$work/run/$name.py" > /dev/null || { echo "$name: export failed"; status=1; continue; }
  if ! (cd "$work/run" && PYTHONPATH="$NETPYNE:$work/stubs" MPLBACKEND=Agg timeout 600 "$python" "$name.py" > "$name.log" 2>&1); then
    echo "$name: NetPyNE failed:"; tail -20 "$work/run/$name.log"; status=1; continue
  fi
  data="$(ls "$work/run/"*_netpyne_data.json 2>/dev/null | head -1)"
  rm -f "$kept/$name.spikes.json" "$kept/$name.spikes.json.gz"
  "$python" "$here/spikes.py" keep "$data" "$kept/$name.spikes.json"
  rm -f "$data"
  "${netdsl[@]}" run "$model" --quiet --out "$work/netdsl-$name" > /dev/null || { echo "$name: netdsl run failed"; status=1; continue; }
  if "$python" "$here/spikes.py" compare "$kept/$name.spikes.json" "$work/netdsl-$name"/*_spikes.csv
  then echo "$name: ok"; else echo "$name: DIFFERENT"; status=1; fi
  # The repository keeps files over 200 KB gzip-compressed (tests/Shared/ReferenceFiles.cs reads both).
  if [ "$(stat -c %s "$kept/$name.spikes.json")" -gt 204800 ]; then gzip -9 -f "$kept/$name.spikes.json"; fi
done
# NetPyNE reads NetDsl's data back: sim.loadAll, then simulate again.
readback="$root/tests/reference/netpyne-loadall"
mkdir -p "$readback"
ei="$root/examples/Scaling/ei_benchmark.netdsl|--set sim.synapses=exact --set sim.duration=200"
for entry in "$root"/examples/Tutorial/*.netdsl "$root"/examples/Spatial/*.netdsl "$stimexprs" "$ei"; do
  model="${entry%%|*}"; options=""; [ "$model" != "$entry" ] && options="${entry#*|}"
  name="$(basename "$model" .netdsl)"
  # shellcheck disable=SC2086
  "${netdsl[@]}" run "$model" $options --save all --quiet --out "$work/loadall-$name" > /dev/null || { echo "$name: netdsl run failed"; status=1; continue; }
  rm -f "$readback/$name.spikes.json" "$readback/$name.spikes.json.gz"
  if ! (cd "$work/run" && PYTHONPATH="$NETPYNE:$work/stubs" MPLBACKEND=Agg timeout 600 "$python" "$here/loadall.py" "$work/loadall-$name"/*_data.json "$readback/$name.spikes.json" > "loadall-$name.log" 2>&1); then
    echo "$name: sim.loadAll failed:"; tail -20 "$work/run/loadall-$name.log"; status=1; continue
  fi
  if grep -q "Unable to create NEURON objects" "$work/run/loadall-$name.log"; then
    echo "$name: sim.loadAll could not re-create the NEURON objects:"; grep "Unable" "$work/run/loadall-$name.log" | head -3; status=1
  fi
  if "$python" "$here/spikes.py" compare "$readback/$name.spikes.json" "$work/loadall-$name"/*_spikes.csv
  then echo "$name (read back by sim.loadAll): ok"; else echo "$name (read back by sim.loadAll): DIFFERENT"; status=1; fi
  if [ "$(stat -c %s "$readback/$name.spikes.json")" -gt 204800 ]; then gzip -9 -f "$readback/$name.spikes.json"; fi
done
exit $status
