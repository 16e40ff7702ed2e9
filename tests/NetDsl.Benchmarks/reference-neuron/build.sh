#!/usr/bin/env bash
# Compiles izhi2007b.mod into x86_64/ with Debian's NEURON 8.2.2 (apt-get install neuron neuron-dev python3-neuron).
# Debian's nrnivmodl looks for its makefile, library and headers under one prefix; a private prefix of links
# points it at where the package puts them.
set -euo pipefail
cd "$(dirname "$0")"
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
mkdir -p "$prefix/bin"
ln -s /usr/lib/nrn/nrnmech_makefile "$prefix/bin/"
for tool in nocmodl nrniv nrnivmodl; do ln -s "/usr/bin/$tool" "$prefix/bin/"; done
ln -s /usr/lib/nrn "$prefix/lib"
ln -s /usr/include "$prefix/include"
ln -s /usr/share "$prefix/share"
# Python needs only the mechanism library; the `special` executable (which needs InterViews headers) may fail.
NRNHOME="$prefix" nrnivmodl > build.log 2>&1 || true
test -f x86_64/libnrnmech.so || { cat build.log; exit 1; }
