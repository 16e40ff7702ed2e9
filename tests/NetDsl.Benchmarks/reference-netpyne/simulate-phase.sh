#!/usr/bin/env bash
# The simulate phase of the three tutorial models, NEURON against the exact engine, in one session, alternating:
# each model's NetPyNE 1.1.0 script (tests/reference/{A_single,B_network,C_inhib}/model_netpyne.py) gives NEURON's
# runSim time (sim.timingData['runTime'], what NetPyNE prints as "Done; run time = ..."), and
# `netdsl run MODEL --timing --quiet` of examples/Tutorial/*.netdsl gives the exact engine's simulate phase ("Run
# time", the published ReadyToRun command, and its native build where clang is installed). With OLD_CLI=DIR (another published netdsl, e.g. of an
# earlier commit) that build runs too, alternated with this one. Prints a markdown table: medians over the rounds,
# min–max, and the median of the per-round ratios netdsl / NEURON.
# Needs what export-check.sh needs (NETPYNE=DIR). Usage: NETPYNE=... [OLD_CLI=DIR] simulate-phase.sh [ROUNDS]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/netpyne-env.sh"
root="$(cd "$here/../../.." && pwd)"
rounds="${1:-5}"
old_cli="${OLD_CLI:-}"
work="$(mktemp -d "${TMPDIR:-/tmp}/netdsl-simulate.XXXXXX")"
trap 'rm -rf "$work"' EXIT
dotnet publish -c Release "$root/src/NetDsl.Cli" -o "$work/cli" -v quiet -nologo > /dev/null || exit 1
netpyne_run_folder "$work"

models=(A_single:single_izhikevich B_network:izhikevich_network C_inhib:izhikevich_inhibitory_network)
for entry in "${models[@]}"; do cp "$root/tests/reference/${entry%%:*}/model_netpyne.py" "$work/run/${entry%%:*}.py"; done
# NEURON's runSim in seconds, full precision, after the script's own run.
runsim() {
  (cd "$work/run" && env PYTHONPATH="$NETPYNE:$work/stubs" MPLBACKEND=Agg "$python" -c \
    "import runpy; runpy.run_path('$1.py', run_name='__main__'); from netpyne import sim; print('RUNSIM', repr(sim.timingData['runTime']))" 2>/dev/null) |
    awk '/^RUNSIM/ { print $2 }'
}
# The exact engine's simulate phase in seconds (the "Run time" line of --timing).
simulate() {
  env NETDSL_CACHE_DIR="$work/cache-$2" "$1/NetDsl.Cli" run "$root/examples/Tutorial/$3.netdsl" --timing --quiet --out "$work/out" 2>/dev/null |
    awk '/Run time:/ { print $3; exit }'
}
builds=(new:"$work/cli")
# The native build (Native AOT for this CPU) too, when clang is there to link it.
if command -v clang > /dev/null && dotnet publish -c Release "$root/src/NetDsl.Cli" -p:NetDslNative=true -o "$work/native" -v quiet -nologo > /dev/null; then
  builds+=(native:"$work/native")
fi
[ -n "$old_cli" ] && builds+=(old:"$old_cli")
# Each build runs each model once before the rounds, not counted (an OLD_CLI from before the interpreted model fills
# its model cache, NETDSL_CACHE_DIR, then).
for entry in "${models[@]}"; do for build in "${builds[@]}"; do simulate "${build#*:}" "${build%%:*}" "${entry#*:}" > /dev/null; done; done

results="$work/results.txt"
for round in $(seq 1 "$rounds"); do
  for entry in "${models[@]}"; do
    echo "${entry%%:*} neuron $(runsim "${entry%%:*}")" >> "$results"
    for build in "${builds[@]}"; do echo "${entry%%:*} ${build%%:*} $(simulate "${build#*:}" "${build%%:*}" "${entry#*:}")" >> "$results"; done
  done
done

"$python" - "$results" "$rounds" <<'EOF'
import sys, statistics
rows = [line.split() for line in open(sys.argv[1]) if len(line.split()) == 3]
rounds = int(sys.argv[2])
models = ["A_single", "B_network", "C_inhib"]
names = {"A_single": "single_izhikevich (1 cell)", "B_network": "izhikevich_network (20 cells)", "C_inhib": "izhikevich_inhibitory_network (30 cells)"}
builds = [b for b in ("new", "native", "old") if any(r[1] == b for r in rows)]
def values(model, kind): return [float(r[2]) * 1000 for r in rows if r[0] == model and r[1] == kind]
def cell(v): return "%.1f (%.1f–%.1f)" % (statistics.median(v), min(v), max(v)) if v else "n/a"
head = "| model | NEURON runSim, ms | " + " | ".join("netdsl %s, ms | %s / NEURON" % (b, b) for b in builds) + " |"
print(head)
print("|" + "---|" * (2 + 2 * len(builds)))
for m in models:
    neuron = values(m, "neuron")
    line = "| %s | %s |" % (names[m], cell(neuron))
    for b in builds:
        ours = values(m, b)
        ratios = [o / n for o, n in zip(ours, neuron) if n > 0]
        line += " %s | %s |" % (cell(ours), "%.2f (%.2f–%.2f)" % (statistics.median(ratios), min(ratios), max(ratios)) if ratios else "n/a")
    print(line)
print()
print("%d rounds; median (min–max); ratio: median of the per-round ratios." % rounds)
EOF
