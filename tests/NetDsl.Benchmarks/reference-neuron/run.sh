#!/usr/bin/env bash
# Times NEURON 8.2.2 on the E/I benchmark network and prints a markdown table (one row per size).
# Needs Debian's NEURON (apt-get install neuron neuron-dev python3-neuron) and a C compiler for the mechanism.
# Usage: run.sh [sizes...]   default sizes: 1000 10000.   Environment: DURATION_MS (default 1000), PYTHON (default /usr/bin/python3),
#   SYNAPSES: shared (one Exp2Syn per synapse kind and cell, the default), per-connection (one per connection and
#   stimulus, as NetPyNE builds them), or both (a row of each per size)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-/usr/bin/python3}"
duration="${DURATION_MS:-1000}"
case "${SYNAPSES:-shared}" in
    shared) variants=(shared) ;;
    per-connection) variants=(per-connection) ;;
    both) variants=(shared per-connection) ;;
    *) echo "run.sh: SYNAPSES must be shared, per-connection or both, not '$SYNAPSES'." >&2; exit 1 ;;
esac
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then sizes=(1000 10000); fi
if ! "$python" -c "import neuron" >/dev/null 2>&1; then
    echo "run.sh: NEURON's Python module is missing for $python. Install it (Debian: apt-get install neuron neuron-dev python3-neuron) or set PYTHON=<python with neuron>." >&2
    exit 1
fi
"$here/build.sh"
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) logical CPUs; load before: $(uptime | sed 's/.*load average: //')"
echo
echo "| N | synapses | simulator | setup (s) | run (s) | ns / neuron-step | spikes | rate (Hz) |"
echo "|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
    for variant in "${variants[@]}"; do
        (cd "$here" && "$python" ei_benchmark.py "$n" "$duration" "$variant" 2>/dev/null | grep '^|')
    done
done
