using System.Buffers.Binary;
using Epair.Capture;

namespace Epair.Tests.Capture;

/// <summary>The classic pcap savefile: its header, whole records, and reading it back.</summary>
public sealed class PcapWriterTests
{
    private static readonly DateTimeOffset s_time = new(2026, 11, 25, 12, 34, 56, TimeSpan.Zero);

    /// <summary>Counts writes, to show that each record reaches the file in one.</summary>
    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            base.Write(buffer, offset, count);
        }
    }

    [Fact]
    public void The_file_header_is_libpcaps_microsecond_ethernet_header()
    {
        var stream = new CountingStream();
        using var writer = new PcapWriter(stream);
        var header = stream.ToArray();

        Assert.Equal(24, header.Length);
        Assert.Equal([0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0], header[..16]);
        Assert.Equal(262144, BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(20)));
    }

    [Fact]
    public void Each_record_is_one_write_with_seconds_microseconds_and_both_lengths()
    {
        var stream = new CountingStream();
        using var writer = new PcapWriter(stream);
        int before = stream.Writes;
        writer.Write(new byte[] { 1, 2, 3 }, 98, s_time.AddTicks(1234567));

        Assert.Equal(1, stream.Writes - before);
        var record = stream.ToArray().AsSpan(24);
        Assert.Equal(16 + 3, record.Length);
        Assert.Equal((uint)s_time.ToUnixTimeSeconds(), BinaryPrimitives.ReadUInt32LittleEndian(record));
        Assert.Equal(123456u, BinaryPrimitives.ReadUInt32LittleEndian(record[4..]));
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(record[8..]));
        Assert.Equal(98, BinaryPrimitives.ReadInt32LittleEndian(record[12..]));
        Assert.Equal([1, 2, 3], record[16..].ToArray());
        Assert.Equal(1, writer.Count);
    }

    [Fact]
    public void What_was_written_reads_back_the_same()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(new NonClosing(stream), LinkType.Null, 1500))
        {
            writer.Write(new byte[] { 2, 0, 0, 0, 0x45 }, 5, s_time);
            writer.Write(new byte[60], 1000, s_time.AddSeconds(1.5));
        }
        stream.Position = 0;
        using var reader = new PcapReader(stream);
        var seen = new List<(int Length, int Wire, DateTimeOffset Time)>();
        while (reader.ReadNext((in CapturedPacket p) => seen.Add((p.Data.Length, p.OriginalLength, p.Timestamp))))
        {
        }

        Assert.Equal(LinkType.Null, reader.LinkType);
        Assert.Equal(1500, reader.SnapLength);
        Assert.Equal([(5, 5, s_time), (60, 1000, s_time.AddSeconds(1.5))], seen);
    }

    [Fact]
    public void A_big_endian_nanosecond_file_reads_too()
    {
        var file = new byte[24 + 16 + 2];
        BinaryPrimitives.WriteUInt32BigEndian(file, 0xA1B23C4D);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(6), 4);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(16), 65535);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(24), 10);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(28), 500);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(32), 2);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(36), 2);
        using var reader = new PcapReader(new MemoryStream(file));
        DateTimeOffset time = default;
        Assert.True(reader.ReadNext((in CapturedPacket p) => time = p.Timestamp));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(10).AddTicks(5), time);
        Assert.Equal(65535, reader.SnapLength);
    }

    [Theory]
    [InlineData(0, "truncated dump file; tried to read 4 file header bytes, only got 0")]
    [InlineData(10, "truncated dump file; tried to read 20 file header bytes, only got 6")]
    public void A_short_file_header_is_libpcaps_error(int length, string message)
    {
        var file = WrittenFile()[..length];
        var error = Assert.Throws<InvalidDataException>(() => new PcapReader(new MemoryStream(file)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Something_else_is_an_unknown_file_format()
    {
        var error = Assert.Throws<InvalidDataException>(() => new PcapReader(new MemoryStream("not a capture file"u8.ToArray())));
        Assert.Equal("unknown file format", error.Message);
    }

    [Theory]
    [InlineData(24 + 10, "truncated dump file; tried to read 16 header bytes, only got 10")]
    [InlineData(24 + 16 + 40, "truncated dump file; tried to read 98 captured bytes, only got 40")]
    public void A_file_that_ends_inside_a_record_is_an_error_after_the_whole_ones(int cut, string message)
    {
        var file = WrittenFile();
        var truncated = file.AsSpan(0, cut).ToArray();
        using var reader = new PcapReader(new MemoryStream(truncated));
        var error = Assert.Throws<InvalidDataException>(() => reader.ReadNext((in CapturedPacket _) => { }));
        Assert.Equal(message, error.Message);
        // The same file, whole, has exactly its records.
        using var whole = new PcapReader(new MemoryStream(file));
        int n = 0;
        while (whole.ReadNext((in CapturedPacket _) => n++))
        {
        }
        Assert.Equal(2, n);
    }

    private static byte[] WrittenFile()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(new NonClosing(stream)))
        {
            writer.Write(new byte[98], 98, s_time);
            writer.Write(new byte[42], 42, s_time);
        }
        return stream.ToArray();
    }

    [Fact]
    public void Create_makes_a_file_whose_records_are_on_disk_before_it_is_closed()
    {
        string path = Path.Combine(Path.GetTempPath(), $"epair-pcap-{Guid.NewGuid():N}.pcap");
        try
        {
            using var writer = PcapWriter.Create(path);
            writer.Write(new byte[64], 64, s_time);
            // Read while still open: nothing waits in a buffer.
            using var copy = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            Assert.Equal(24 + 16 + 64, copy.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Lets a test read a stream the writer has disposed.</summary>
    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }
}
