# Sourced by the scripts of this folder: the Python that runs NetPyNE 1.1.0 ($PYTHON, else Debian's python3 with
# NEURON), numpy kept off AVX-512 (its SVML exp, log, sin, ... differ from the C library's, which NetDsl computes
# with, in the last bit; export-check.sh says more), and
# netpyne_run_folder WORK, which makes WORK/run with NetPyNE's izhi2007b.mod compiled against Debian's NEURON (as
# reference-neuron/build.sh does) and WORK/stubs with a stand-in for matplotlib_scalebar, which NetPyNE imports but
# Debian does not package. Runs then use PYTHONPATH="$NETPYNE:WORK/stubs" MPLBACKEND=Agg "$python".
: "${NETPYNE:?set NETPYNE to the folder that holds the netpyne package of NetPyNE 1.1.0}"
python="${PYTHON:-/usr/bin/python3}"
export NPY_DISABLE_CPU_FEATURES="AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"

netpyne_run_folder() {
  local work=$1 prefix="$1/prefix" tool
  mkdir -p "$work/stubs/matplotlib_scalebar" "$work/run" "$prefix/bin"
  : > "$work/stubs/matplotlib_scalebar/__init__.py"
  printf 'class ScaleBar:\n    def __init__(self, *a, **k):\n        raise RuntimeError("matplotlib_scalebar stub")\n' > "$work/stubs/matplotlib_scalebar/scalebar.py"
  cp "$NETPYNE/netpyne/tutorials/mod/izhi2007b.mod" "$work/run/"
  ln -s /usr/lib/nrn/nrnmech_makefile "$prefix/bin/"
  for tool in nocmodl nrniv nrnivmodl; do ln -s "/usr/bin/$tool" "$prefix/bin/"; done
  ln -s /usr/lib/nrn "$prefix/lib"; ln -s /usr/include "$prefix/include"; ln -s /usr/share "$prefix/share"
  (cd "$work/run" && NRNHOME="$prefix" nrnivmodl > build.log 2>&1 || true)
}
