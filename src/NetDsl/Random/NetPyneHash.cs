using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace NetDsl.Random;

/// <summary>NetPyNE's stream ids (sim/utils.py hashStr, hashList): the first 8 hex digits of an MD5.</summary>
public static class NetPyneHash
{
    public static uint HashString(string text) => First32Bits(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>MD5 over the gids as 8-byte little-endian unsigned words (Python's array('L') on Linux).</summary>
    public static uint HashList(IReadOnlyList<int> gids)
    {
        var bytes = new byte[gids.Count * 8];
        for (int i = 0; i < gids.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8, 8), (ulong)(long)gids[i]);
        }
        return First32Bits(MD5.HashData(bytes));
    }

    private static uint First32Bits(byte[] digest) =>
        (uint)digest[0] << 24 | (uint)digest[1] << 16 | (uint)digest[2] << 8 | digest[3];

    public static readonly uint NetStim = HashString("NetStim");
    public static readonly uint CellParams = HashString("cellParams");
}
