#!/usr/bin/env bash
# Compiles ../../NetDsl.Benchmarks/reference-neuron/pairstdp.mod (NetDsl's pairSTDP rule as a NEURON mechanism),
# ../P_stdp/stdp.mod (NetPyNE's STDP, for the variant with both rules) and ../P_stdp/izhi2007b.mod into x86_64/ with
# Debian's NEURON 8.2.2 (apt-get install neuron neuron-dev python3-neuron), as ../P_stdp_neuron/build.sh does:
# Debian's nrnivmodl finds its makefile, library and headers through a private prefix of links; only
# x86_64/libnrnmech.so is needed.
set -euo pipefail
cd "$(dirname "$0")"
prefix=$(mktemp -d)
mods=$(mktemp -d)
trap 'rm -rf "$prefix" "$mods"' EXIT
mkdir -p "$prefix/bin"
ln -s /usr/lib/nrn/nrnmech_makefile "$prefix/bin/"
for tool in nocmodl nrniv nrnivmodl; do ln -s "/usr/bin/$tool" "$prefix/bin/"; done
ln -s /usr/lib/nrn "$prefix/lib"
ln -s /usr/include "$prefix/include"
ln -s /usr/share "$prefix/share"
cp ../../NetDsl.Benchmarks/reference-neuron/pairstdp.mod ../P_stdp/stdp.mod ../P_stdp/izhi2007b.mod "$mods/"
here=$(pwd)
(cd "$mods" && NRNHOME="$prefix" nrnivmodl > "$here/build.log" 2>&1 || true)
test -f "$mods/x86_64/libnrnmech.so" || { cat build.log; exit 1; }
rm -rf x86_64
mkdir -p x86_64
cp "$mods/x86_64/libnrnmech.so" x86_64/
