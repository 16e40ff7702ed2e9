#!/usr/bin/env bash
# The fast engine's ratio targets (issue #15) in alternated rounds on one machine: the run time of `netdsl run
# examples/Scaling/ei_benchmark.netdsl --precision fast|single` divided by the gcc-vectorised C loop's
# (ei_euler.c, -O3 -march=native -ffast-math) at N = 10,000 and 1,000, run right after it in each round; and at
# N = 100,000 one thread's run time divided by two threads'. Prints each round and the medians.
# Usage: fast-vs-c.sh NETDSL [ROUNDS]   NETDSL: a netdsl executable (the native build, README). ROUNDS default 8.
# Environment: CC (default gcc), PARTS (default "10000 1000 threads": which of the three series to run).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
netdsl="${1:?usage: fast-vs-c.sh NETDSL [ROUNDS]}"
rounds="${2:-8}"
cc="${CC:-gcc}"
parts="${PARTS:-10000 1000 threads}"
model="$root/examples/Scaling/ei_benchmark.netdsl"
work="$(mktemp -d "${TMPDIR:-/tmp}/netdsl-fast-vs-c.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$cc" -std=c11 -O3 -march=native -ffast-math -o "$work/ei_vector" "$here/ei_euler.c" -lm

size() {  # N: the --set options of the benchmark at N cells (about 100 E and 25 I inputs per cell)
    local n=$1 p
    p=$(awk -v n="$1" 'BEGIN { printf "%.6g", 100 / (0.8 * n) }')
    echo "--set pop.E.n=$((n * 8 / 10)) --set pop.I.n=$((n * 2 / 10)) --set conn.E->all.p=$p --set conn.I->all.p=$p"
}
netdsl_run() {  # N, then options: prints the run time in seconds
    local n=$1; shift
    # shellcheck disable=SC2046
    "$netdsl" run "$model" $(size "$n") "$@" --quiet --timing --out "$work/out" 2>&1 | sed -n 's/^ *Run time: \([0-9.]*\) s.*/\1/p' | head -1
}
c_run() { "$work/ei_vector" "$1" 1000 1 | sed -E 's/.*run_s=([0-9.]+).*/\1/'; }

echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) logical CPUs; load before: $(uptime | sed 's/.*load average: //')"
rows="$work/rows"
for part in $parts; do
    : > "$rows"
    echo
    if [ "$part" = threads ]; then
        echo "N = 100,000, --precision fast: one thread and two, run times in seconds"
        echo
        echo "| round | 1 thread | 2 threads | 1 ÷ 2 |"
        echo "|---|---|---|---|"
        for round in $(seq "$rounds"); do
            one=$(netdsl_run 100000 --precision fast --threads 1)
            two=$(netdsl_run 100000 --precision fast --threads 2)
            echo "$one $two" >> "$rows"
            awk -v r="$round" -v a="$one" -v b="$two" 'BEGIN { printf "| %d | %.3f | %.3f | %.3f× |\n", r, a, b, a / b }'
        done
        python3 - "$rows" <<'EOF'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
ratios = [a / b for a, b in rows]
print(f"\nmedian 1 ÷ 2: {statistics.median(ratios):.3f}× (target ≥ 1.8×: {sum(r >= 1.8 for r in ratios)} of {len(ratios)} rounds)")
EOF
        continue
    fi
    echo "N = $part, one thread: run times in seconds, NetDsl ÷ C loop"
    echo
    echo "| round | C loop | fast double | ÷ C | single | ÷ C |"
    echo "|---|---|---|---|---|---|"
    for round in $(seq "$rounds"); do
        c=$(c_run "$part")
        d=$(netdsl_run "$part" --precision fast --threads 1)
        s=$(netdsl_run "$part" --precision single --threads 1)
        echo "$c $d $s" >> "$rows"
        awk -v r="$round" -v c="$c" -v d="$d" -v s="$s" 'BEGIN { printf "| %d | %.3f | %.4f | %.3f× | %.4f | %.3f× |\n", r, c, d, d / c, s, s / c }'
    done
    python3 - "$rows" "$part" <<'EOF'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
double_target, single_target = (0.65, 0.45) if sys.argv[2] == "10000" else (0.8, 0.6)
for name, column, target in (("double", 1, double_target), ("single", 2, single_target)):
    ratios = [row[column] / row[0] for row in rows]
    print(f"\nmedian {name} ÷ C: {statistics.median(ratios):.3f}× (target ≤ {target}×: {sum(r <= target for r in ratios)} of {len(ratios)} rounds)", end="")
print()
EOF
done
