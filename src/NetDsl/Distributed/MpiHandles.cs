using System.Runtime.InteropServices;

namespace NetDsl.Distributed;

/// <summary>
/// The MPI handles the binding passes (communicator, datatypes), resolved for the loaded library. Open MPI's handles
/// are the addresses of its exported objects (<c>ompi_mpi_comm_world</c>, <c>ompi_mpi_int</c>, ...); MPICH and its
/// derivatives (Intel MPI, MVAPICH) use fixed integer handles. Every handle is passed as a pointer-sized value: on
/// the 64-bit Linux ABIs an int parameter reads the low half of its register or 8-byte stack slot, so one signature
/// serves both. The MPI-5 standard ABI would replace this type only.
/// </summary>
internal readonly record struct MpiHandles(string Implementation, nint CommWorld, nint Int, nint LongLong, nint Byte, nint Double)
{
    public static MpiHandles Resolve(nint library)
    {
        if (NativeLibrary.TryGetExport(library, "ompi_mpi_comm_world", out nint commWorld))
        {
            return new MpiHandles("Open MPI", commWorld, Export(library, "ompi_mpi_int"), Export(library, "ompi_mpi_long_long_int"),
                Export(library, "ompi_mpi_byte"), Export(library, "ompi_mpi_double"));
        }
        // mpi.h of MPICH 3 and 4: MPI_COMM_WORLD, MPI_INT, MPI_LONG_LONG_INT, MPI_BYTE, MPI_DOUBLE.
        return new MpiHandles("MPICH", 0x44000000, 0x4c000405, 0x4c000809, 0x4c00010d, 0x4c00080b);
    }

    private static nint Export(nint library, string name) =>
        NativeLibrary.TryGetExport(library, name, out nint address) ? address : throw new MpiUnavailableException($"The MPI library has no '{name}' export.");
}
