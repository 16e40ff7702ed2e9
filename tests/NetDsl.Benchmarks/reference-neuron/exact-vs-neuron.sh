#!/usr/bin/env bash
# The exact engine against NEURON 8.2.2 on the E/I benchmark, alternated round after round in one session, and the
# ratios of each round: one Exp2Syn per connection at N = 1,000 (NetDsl's default) against NEURON with one Exp2Syn per
# synapse kind and cell ("shared") and, with PER_CONNECTION=1, against NEURON with one per connection (minutes per
# run); aggregated synapses at N = 10,000 against NEURON shared.
# Usage: exact-vs-neuron.sh NETDSL [ROUNDS]   NETDSL: a netdsl executable (e.g. the native build, README).
# Environment: DURATION_MS (default 200), PER_CONNECTION=1, PYTHON (default /usr/bin/python3).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
netdsl="${1:?usage: exact-vs-neuron.sh NETDSL [ROUNDS]}"
rounds="${2:-2}"
duration="${DURATION_MS:-200}"
python="${PYTHON:-/usr/bin/python3}"
model="$root/examples/Scaling/ei_benchmark.netdsl"
big=(--set pop.E.n=8000 --set pop.I.n=2000 --set conn.E-\>all.p=0.0125 --set conn.I-\>all.p=0.0125)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$here/build.sh"

netdsl_run() {  # prints the run time in seconds
    "$netdsl" run "$model" --precision exact --set sim.duration="$duration" "$@" --quiet --timing --out "$out" 2>&1 |
        sed -n 's/^ *Run time: \([0-9.]*\) s.*/\1/p' | head -1
}
neuron_run() {  # N variant: prints the run time in seconds (the row's fifth column)
    (cd "$here" && "$python" ei_benchmark.py "$1" "$duration" "$2" 2>/dev/null | grep '^|' | awk -F'|' '{gsub(/ /, "", $6); print $6}')
}

echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) logical CPUs; load before: $(uptime | sed 's/.*load average: //')"
echo "$duration ms simulated, one thread; run times in seconds"
echo
echo "| round | NetDsl per connection, 1,000 | NEURON shared, 1,000 | ratio | NEURON per connection, 1,000 | ratio | NetDsl aggregated, 10,000 | NEURON shared, 10,000 | ratio |"
echo "|---|---|---|---|---|---|---|---|---|"
for round in $(seq "$rounds"); do
    a=$(netdsl_run --set sim.synapses=exact)
    b=$(neuron_run 1000 shared)
    c="—"; cr="—"
    if [ "${PER_CONNECTION:-0}" = 1 ]; then c=$(neuron_run 1000 per-connection); fi
    a2=$(netdsl_run --set sim.synapses=exact)
    d=$(netdsl_run "${big[@]}")
    e=$(neuron_run 10000 shared)
    d2=$(netdsl_run "${big[@]}")
    "$python" - "$round" "$a" "$a2" "$b" "$c" "$d" "$d2" "$e" <<'EOF'
import sys
r, a, a2, b, c, d, d2, e = sys.argv[1:]
a, a2, b, d, d2, e = map(float, (a, a2, b, d, d2, e))
def span(x, y): return f"{min(x, y):.3f}–{max(x, y):.3f}"
def ratio(other, lo, hi): return f"{other / hi:.2f}–{other / lo:.2f}× faster" if other >= hi else f"{lo / other:.2f}–{hi / other:.2f}× slower"
per = f"{float(c):.1f} | {ratio(float(c), min(a, a2), max(a, a2))}" if c != "—" else "— | —"
print(f"| {r} | {span(a, a2)} | {b:.2f} | {ratio(b, min(a, a2), max(a, a2))} | {per} | {span(d, d2)} | {e:.2f} | {ratio(e, min(d, d2), max(d, d2))} |")
EOF
done
