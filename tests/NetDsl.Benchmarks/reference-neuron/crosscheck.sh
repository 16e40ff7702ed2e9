#!/usr/bin/env bash
# Runs the tutorial models (three Izhikevich ones and NetPyNE's Tutorial 2), the networks of
# tests/NetDsl.Cli.Tests/NeuronModels (Izhi2007b, ExpSyn, Hodgkin-Huxley hh / pas cells, another temperature) and
# variations of them (the tutorial's exercises, every cell type, other time steps) with NetDsl's exact engine and
# again in NEURON 8.2.2 from the network NetDsl wrote (replay.py), and reports whether the spikes agree.
# Needs what run.sh needs, plus the .NET SDK.
# Usage: crosscheck.sh            exit status 1 when any case differs
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
python="${PYTHON:-/usr/bin/python3}"
"$here/build.sh" || exit 1
dotnet build -c Release "$root/src/NetDsl.Cli" -v quiet -nologo > /dev/null || exit 1
netdsl=("dotnet" "$root/src/NetDsl.Cli/bin/Release/net10.0/NetDsl.Cli.dll")
work="$(mktemp -d "${TMPDIR:-/tmp}/netdsl-crosscheck.XXXXXX")"
trap 'rm -rf "$work"' EXIT

single="$root/examples/Tutorial/single_izhikevich.netdsl"
network="$root/examples/Tutorial/izhikevich_network.netdsl"
inhibitory="$root/examples/Tutorial/izhikevich_inhibitory_network.netdsl"
tutorial2="$root/examples/Tutorial/tutorial2.netdsl"
mixed="$root/tests/NetDsl.Cli.Tests/NeuronModels/mixed_network.netdsl"
extra="$root/tests/NetDsl.Cli.Tests/NeuronModels/extra_checks.netdsl"
expsyn="$root/tests/NetDsl.Cli.Tests/NeuronModels/expsyn_network.netdsl"
hhmixed="$root/tests/NetDsl.Cli.Tests/NeuronModels/hh_mixed_network.netdsl"
hhwarm="$root/tests/NetDsl.Cli.Tests/NeuronModels/hh_warm_network.netdsl"
# Book parameter sets (C k vr vt vpeak a b c d celltype) for the other cell types.
type_sets=(
  "1.5 1.2 -75 -45 50 0.01 5 -56 130 2"
  "0.5 1.5 -60 -40 25 0.03 1 -40 150 3"
  "1 1.0 -56 -42 40 0.03 8 -53 20 4"
  "0.2 1.0 -55 -40 25 0.2 -2 -45 -55 5"
  "2.0 1.6 -60 -50 35 0.01 15 -60 10 6"
  "0.4 0.25 -65 -45 0 0.015 10 -55 50 7"
)
cases=(
  "$single|"
  "$single|--set stim.IClamp1.amp=0.1"
  "$single|--set stim.IClamp1.amp=1"
  "$single|--set stim.IClamp1.amp=3 --set stim.IClamp1.dur=400"
  "$single|--set cell.IZH.b=5"
  "$single|--set cell.IZH.c=-40"
  "$single|--set cell.IZH.C=2"
  "$single|--set cell.IZH.d=50 --set cell.IZH.a=0.1"
  "$single|--set sim.dt=0.01"
  "$single|--set sim.dt=0.1"
  "$network|"
  "$network|--set conn.IZHpop->IZHpop.p=0.3"
  "$network|--set conn.IZHpop->IZHpop.w=0.01"
  "$network|--set pop.IZHpop.n=60"
  "$network|--set stim.bkg.rate=50"
  "$network|--set syn.exc.e=-20"
  "$network|--set sim.dt=0.05"
  "$inhibitory|"
  "$inhibitory|--set syn.inh.e=-80"
  "$inhibitory|--set syn.exc.e=0"
  "$inhibitory|--set conn.IZH_inh->IZH_exc.w=0.02"
  "$inhibitory|--set pop.IZH_exc.n=80 --set pop.IZH_inh.n=20"
  "$inhibitory|--set stim.bkg.rate=200 --set sim.seeds.stim=3"
  "$inhibitory|--set sim.dt=0.02"
  "$single|--set stim.IClamp1.del=50.01 --set stim.IClamp1.dur=100.013 --set sim.duration=333.33"
  "$network|--set conn.IZHpop->IZHpop.d=2.01"
  "$network|--set conn.IZHpop->IZHpop.d=0.5 --set stim.bkg->IZH.d=1.3"
  "$network|--set stim.bkg.noise=1"
  "$network|--set stim.bkg.noise=0"
  "$network|--set syn.exc.tau1=0.5 --set syn.exc.tau2=3"
  "$network|--set sim.seeds.conn=5 --set sim.seeds.cell=2"
  "$network|--set sim.synapses=1"
  "$inhibitory|--set sim.synapses=1"
  "$mixed|"
  "$mixed|--set sim.dt=0.05 --set sim.seeds.stim=4"
  "$extra|"
  "$extra|--set sim.dt=0.0125"
  "$tutorial2|"
  "$tutorial2|--set conn.S->M.div=6 --set stim.bkg.rate=30 --set sim.dt=0.05"
  "$expsyn|"
  "$expsyn|--set syn.ampa.tau=4 --set syn.gaba.e=-85 --set sim.dt=0.05"
  "$expsyn|--set sim.seeds.conn=3 --set sim.seeds.stim=2"
  "$expsyn|--set sim.synapses=1"
  "$hhmixed|"
  "$hhmixed|--set sim.dt=0.01 --set sim.seeds.cell=3"
  "$hhmixed|--set cell.PYR.gkbar=0.03 --set cell.HP.g=0.0003 --set syn.fast.tau=4"
  "$hhmixed|--set sim.synapses=1"
  "$hhwarm|"
  "$hhwarm|--set sim.celsius=6.3"
  "$hhwarm|--set sim.celsius=16 --set sim.dt=0.02"
  "$hhwarm|--set sim.v_init=-70 --set stim.pulse.amp=1"
)
for set in "${type_sets[@]}"; do
  read -r C k vr vt vpeak a b c d type <<< "$set"
  for amp in 0.3 2; do
    cases+=("$single|--set cell.IZH.C=$C --set cell.IZH.k=$k --set cell.IZH.vr=$vr --set cell.IZH.vt=$vt --set cell.IZH.vpeak=$vpeak --set cell.IZH.a=$a --set cell.IZH.b=$b --set cell.IZH.c=$c --set cell.IZH.d=$d --set cell.IZH.celltype=$type --set stim.IClamp1.amp=$amp")
  done
done

failed=0
index=0
for entry in "${cases[@]}"; do
  model="${entry%%|*}"
  read -r -a options <<< "${entry#*|}"
  index=$((index + 1))
  out="$work/case$index"
  if ! "${netdsl[@]}" run "$model" --out "$out" --quiet "${options[@]}" > "$out.log" 2>&1; then
    echo "case $index ($(basename "$model") ${options[*]}): netdsl failed"; cat "$out.log"; failed=1; continue
  fi
  result=$(cd "$here" && "$python" replay.py "$out"/*_data.json 2>/dev/null | grep -v '^--No graphics')
  status=$?
  echo "case $index: $(basename "$model") ${options[*]:-(as written)} -> ${result#*: }"
  if [ $status -ne 0 ] || [[ "$result" != *identical* ]]; then failed=1; fi
done
exit $failed
