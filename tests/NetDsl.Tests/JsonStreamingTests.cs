using NetDsl.Definition;
using NetDsl.Output;
using NetDsl.Simulation;

namespace NetDsl.Tests;

/// <summary>The data JSON goes to the file as it is written: a large result never sits in memory twice.</summary>
public class JsonStreamingTests
{
    private sealed class CountingStream : Stream
    {
        public long Total { get; private set; }
        public int Writes { get; private set; }
        public int Largest { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Total;
        public override long Position { get => Total; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Total += buffer.Length;
            Writes++;
            Largest = Math.Max(Largest, buffer.Length);
        }
    }

    [Fact]
    public void LargeResultsAreWrittenInMegabyteChunks()
    {
        var definition = TestModels.Network(160, 40, duration: 1000);
        definition = definition with { Records = [new RecordDefinition("V_soma", RecordVariable.V, null, CellSelector.All)] };
        var result = NetworkBuilder.Build(definition).Run();
        var stream = new CountingStream();
        NetPyneJsonWriter.Write(stream, result, "Test");
        Assert.True(stream.Total > 4 << 20, $"{stream.Total} bytes: the test needs a result of several megabytes");
        Assert.True(stream.Writes > 3, $"{stream.Writes} writes");
        Assert.True(stream.Largest <= 2 << 20, $"a write of {stream.Largest} bytes");
    }
}
