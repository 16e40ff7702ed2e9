#!/usr/bin/env bash
# Wall time of a whole run, NetPyNE's tutorial script against `netdsl run` of the same model (figures included), in
# one session, alternating: NetPyNE 1.1.0's tests/reference/B_network/model_netpyne.py (the tutorial's
# izhikevich_network.py) and examples/Tutorial/izhikevich_network.netdsl, each run from a fresh process, with the
# ReadyToRun build of netdsl (what dotnet publish and the .NET tool give) and its native build.
# Needs what export-check.sh needs (NETPYNE=DIR). Usage: NETPYNE=... startup.sh [ROUNDS]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/netpyne-env.sh"
root="$(cd "$here/../../.." && pwd)"
rounds="${1:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/netdsl-startup.XXXXXX")"
trap 'rm -rf "$work"' EXIT
dotnet publish -c Release "$root/src/NetDsl.Cli" -o "$work/cli" -v quiet -nologo > /dev/null || exit 1
# The native build (Native AOT for this CPU) when clang is there to link it.
native=""
if command -v clang > /dev/null && dotnet publish -c Release "$root/src/NetDsl.Cli" -p:NetDslNative=true -o "$work/native" -v quiet -nologo > /dev/null; then
  native="$work/native/NetDsl.Cli"
fi
netpyne_run_folder "$work"
cp "$root/tests/reference/B_network/model_netpyne.py" "$work/run/"
# The tutorial's script draws the three figures the .netdsl file draws (netpyne-izhikevich-tutorial, lines 50-53);
# the stored reference script leaves them out. Both are timed.
sed 's/^sim.createSimulateAnalyze/simConfig.analysis = {"plotRaster": {"saveFig": True}, "plotTraces": {"include": [1], "saveFig": True}, "plot2Dnet": {"saveFig": True}}\nsim.createSimulateAnalyze/' \
  "$work/run/model_netpyne.py" > "$work/run/model_netpyne_figures.py"
seconds() { local start end; start=$(date +%s.%N); "$@" > /dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc; }
model="$root/examples/Tutorial/izhikevich_network.netdsl"
echo "| round | NetPyNE, no figures (s) | NetPyNE, the tutorial's figures (s) | netdsl, ReadyToRun (s) | / NetPyNE with figures | netdsl, native (s) | / NetPyNE with figures | / NetPyNE without |"
echo "|---|---|---|---|---|---|---|---|"
for round in $(seq 1 "$rounds"); do
  netpyne=$(cd "$work/run" && seconds env PYTHONPATH="$NETPYNE:$work/stubs" MPLBACKEND=Agg "$python" model_netpyne.py)
  figures=$(cd "$work/run" && seconds env PYTHONPATH="$NETPYNE:$work/stubs" MPLBACKEND=Agg "$python" model_netpyne_figures.py)
  netdsl=$(seconds "$work/cli/NetDsl.Cli" run "$model" --quiet --out "$work/out")
  if [ -n "$native" ]; then
    fast=$(seconds "$native" run "$model" --quiet --out "$work/out-native")
    echo "| $round | $netpyne | $figures | $netdsl | $(echo "scale=2; $netdsl / $figures" | bc) | $fast | $(echo "scale=2; $fast / $figures" | bc) | $(echo "scale=2; $fast / $netpyne" | bc) |"
  else
    echo "| $round | $netpyne | $figures | $netdsl | $(echo "scale=2; $netdsl / $figures" | bc) | (no clang) | | |"
  fi
done
