#!/usr/bin/env bash
# Builds the plain C baseline (ei_euler.c) twice and times it on the E/I benchmark network, printing a markdown table.
#   plain:      gcc -O2 -march=native
#   vectorised: gcc -O3 -march=native -ffast-math
# Usage: run.sh [sizes...]            default sizes: 1000 10000 100000
# Environment: REPEATS (runs per size and build, default 2), DURATION_MS (default 1000), SEED (default 1), CC (default gcc)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cc="${CC:-gcc}"
repeats="${REPEATS:-2}"
duration="${DURATION_MS:-1000}"
seed="${SEED:-1}"
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then sizes=(1000 10000 100000); fi

if ! command -v "$cc" >/dev/null 2>&1; then
    echo "run.sh: C compiler '$cc' not found. Install gcc (Debian/Ubuntu: sudo apt-get install gcc) or set CC=<compiler>." >&2
    exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/netdsl-ei-c.XXXXXX")"
trap 'rm -rf "$work"' EXIT

"$cc" -std=c11 -Wall -Wextra -O2 -march=native -o "$work/ei_plain" "$here/ei_euler.c" -lm
"$cc" -std=c11 -Wall -Wextra -O3 -march=native -ffast-math -o "$work/ei_vector" "$here/ei_euler.c" -lm

echo "Machine: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || uname -m), $(nproc) logical CPUs, $("$cc" --version | head -n1)"
echo "Load before: $(uptime | sed 's/.*load average/load average/')"
echo
echo "| N | synapses | build | run | build (s) | run (s) | run CPU (s) | ns / neuron-step | CPU ns / neuron-step | spikes | rate (Hz) | peak RSS (MiB) | load (1 min) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"

field() { # field NAME LINE -> value of NAME=value in LINE
    printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

for n in "${sizes[@]}"; do
    for build in plain vector; do
        for ((r = 1; r <= repeats; r++)); do
            line="$("$work/ei_$build" "$n" "$duration" "$seed")"
            steps=$(awk -v d="$duration" 'BEGIN { printf "%d", d / 0.025 + 0.5 }')
            cpu=$(field run_cpu_s "$line")
            cpu_ns=$(awk -v c="$cpu" -v n="$n" -v s="$steps" 'BEGIN { printf "%.2f", c * 1e9 / (n * s) }')
            label=$([ "$build" = plain ] && echo "-O2" || echo "-O3 -ffast-math")
            echo "| $n | $(field synapses "$line") | $label | $r | $(field build_s "$line") | $(field run_s "$line") | $cpu | $(field ns_per_neuron_step "$line") | $cpu_ns | $(field spikes "$line") | $(field rate_hz "$line") | $(field peak_rss_mib "$line") | $(cut -d" " -f1 /proc/loadavg 2>/dev/null || echo ?) |"
        done
    done
done

echo
echo "Load after: $(uptime | sed 's/.*load average/load average/')"
echo "Duration ${duration} ms simulated, dt 0.025 ms, seed ${seed}, one thread."
