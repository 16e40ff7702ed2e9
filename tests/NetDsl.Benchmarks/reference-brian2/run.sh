#!/usr/bin/env bash
# Times Brian2 2.5 (C++ standalone, one thread) on the E/I benchmark network and prints a markdown table.
# Needs Debian's Brian2 (apt-get install python3-brian) and g++.
# Usage: run.sh [sizes...]   default sizes: 1000 10000 100000.   Environment: DURATION_MS (default 1000), PYTHON (default /usr/bin/python3)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-/usr/bin/python3}"
duration="${DURATION_MS:-1000}"
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then sizes=(1000 10000 100000); fi
if ! "$python" -c "import brian2" >/dev/null 2>&1; then
    echo "run.sh: Brian2 is missing for $python. Install it (Debian: apt-get install python3-brian g++) or set PYTHON=<python with brian2>." >&2
    exit 1
fi
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) logical CPUs; load before: $(uptime | sed 's/.*load average: //')"
echo
echo "| N | synapses | simulator | code generation + compile (s) | run (s) | ns / neuron-step | spikes | rate (Hz) |"
echo "|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
    "$python" "$here/ei_benchmark.py" "$n" "$duration" 2>/dev/null | grep '^|'
done
