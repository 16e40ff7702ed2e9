#!/usr/bin/env bash
# Spikes of the single-process run against -n 2, -n 3 and -n 2 --threads 2, exact and fast, for the tutorial models
# and the E/I benchmark at N = 10,000, under one MPI's own launcher (the spikes CSVs compared byte for byte).
# usage: identity.sh openmpi|mpich      (the CLI built in Release)
set -euo pipefail
family=${1:-openmpi}
root=$(cd "$(dirname "$0")/../../.." && pwd)
cli=$(ls "$root"/src/NetDsl.Cli/bin/Release/net*/NetDsl.Cli | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
launch() { # ranks, then the command
  local ranks=$1; shift
  if [ "$family" = openmpi ]; then
    local extra=(--oversubscribe); [ "$(id -u)" = 0 ] && extra+=(--allow-run-as-root)
    mpiexec.openmpi -n "$ranks" "${extra[@]}" "$@"
  else
    mpiexec.mpich -n "$ranks" "$@"
  fi
}
ei=(--set pop.E.n=8000 --set pop.I.n=2000 --set 'conn.E->all.p=0.0125' --set 'conn.I->all.p=0.0125')
check() { # label, model, then arguments
  local label=$1 model=$2; shift 2
  for precision in exact fast; do
    "$cli" run "$model" "$@" --precision $precision --quiet --out "$work/single" > /dev/null
    local line="$label ($precision, $(($(wc -l < "$work/single/"*_spikes.csv) - 1)) spikes):"
    for variant in "2 1" "3 1" "2 2"; do
      local ranks=${variant% *} threads=${variant#* }
      launch "$ranks" "$cli" run "$model" "$@" --precision $precision --threads "$threads" --quiet --out "$work/ranks" > /dev/null 2>&1 || true
      local name="-n $ranks"; [ "$threads" != 1 ] && name+=" --threads $threads"
      if cmp -s "$work/single/"*_spikes.csv "$work/ranks/"*_spikes.csv; then line+=" $name identical;"; else line+=" $name DIFFERENT;"; fi
      rm -rf "$work/ranks"
    done
    echo "$line"
    rm -rf "$work/single"
  done
}
for model in single_izhikevich izhikevich_network izhikevich_inhibitory_network tutorial2; do
  check "$model" "$root/examples/Tutorial/$model.netdsl"
done
check "E/I N=10,000" "$root/examples/Scaling/ei_benchmark.netdsl" "${ei[@]}"
