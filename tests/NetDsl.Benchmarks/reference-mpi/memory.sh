#!/usr/bin/env bash
# Peak memory of the 100,000-cell E/I benchmark (12.5 M synapses, fast engine, 20 ms) on one process and on
# N ranks, alternated.
# The figure is the one `--timing` prints when the run ends (VmHWM, before rank 0 gathers and writes the outputs).
# usage: [CLI=DIR] memory.sh [ROUNDS] [RANKS]     (Open MPI's mpirun on PATH; the CLI built in Release, or the
# published one in DIR, e.g. the native build of `dotnet publish src/NetDsl.Cli -c Release -p:NetDslNative=true -o DIR`)
set -euo pipefail
rounds=${1:-3}; ranks=${2:-2}
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
# A copy of the built CLI, so that a rebuild during the rounds does not change what is measured.
cp -r "${CLI:-$(dirname "$(ls "$root"/src/NetDsl.Cli/bin/Release/net*/NetDsl.Cli | head -1)")}" "$work/cli"
cli=$work/cli/NetDsl.Cli
# Blocking collections: the peak then follows the allocations, not how far a background collection got.
export DOTNET_gcConcurrent=0
args=(run "$root/examples/Scaling/ei_benchmark.netdsl" --precision fast --timing --quiet --set sim.duration=20
      --set pop.E.n=80000 --set pop.I.n=20000 --set 'conn.E->all.p=0.00125' --set 'conn.I->all.p=0.00125')
mpi=(mpirun -n "$ranks" --oversubscribe)
[ "$(id -u)" = 0 ] && mpi+=(--allow-run-as-root)

for round in $(seq 1 "$rounds"); do
  "$cli" "${args[@]}" --out "$work/single" > "$work/single.log" 2>&1
  single=$(grep -o 'Peak memory: [0-9.]* MiB' "$work/single.log" | grep -o '[0-9.]*')
  "${mpi[@]}" "$cli" "${args[@]}" --out "$work/ranks" > "$work/ranks.log" 2>&1
  grep -o 'rank [0-9]*: gids.*peak memory [0-9.]* MiB' "$work/ranks.log" | sed 's/: gids.*peak memory / /; s/ MiB//' > "$work/peaks"
  echo "round $round: one process $single MiB"
  while read -r _ rank peak; do
    awk -v r="$rank" -v p="$peak" -v s="$single" 'BEGIN { printf "  rank %s: %.1f MiB = %.1f %% of one process\n", r, p, 100 * p / s }'
  done < "$work/peaks"
done
rm -rf "$work"
