using System.Buffers.Binary;

namespace Epair.Capture;

/// <summary>
/// Reads a classic libpcap savefile (either byte order, microsecond or nanosecond timestamps)
/// or a pcapng file (what tshark writes by default), the way <c>pcap_open_offline</c> and
/// <c>pcap_next_ex</c> do. Errors carry libpcap's words
/// (<c>truncated dump file; tried to read 98 captured bytes, only got 40</c>).
/// </summary>
public sealed partial class PcapReader : IDisposable
{
    private const uint MagicNanoseconds = 0xA1B23C4D;
    private const int MaxSnapLength = 262144;

    private readonly Stream _stream;
    private readonly bool _pcapng;
    private bool _swapped;
    private readonly bool _nanoseconds;
    private byte[] _buffer = new byte[2048];

    /// <summary>Reads the file header from <paramref name="stream"/> (the reader owns it).</summary>
    /// <exception cref="InvalidDataException">Not a pcap savefile, or a truncated one.</exception>
    public PcapReader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        Span<byte> header = stackalloc byte[PcapWriter.FileHeaderLength];
        int got = ReadFully(header[..4]);
        if (got != 4)
            throw new InvalidDataException($"truncated dump file; tried to read 4 file header bytes, only got {got}");
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (magic == SectionHeaderBlock)
        {
            _pcapng = true;
            (LinkType, SnapLength) = ReadNgHeader();
            return;
        }
        if (magic is PcapWriter.MagicMicroseconds or MagicNanoseconds)
            _swapped = false;
        else if (BinaryPrimitives.ReverseEndianness(magic) is PcapWriter.MagicMicroseconds or MagicNanoseconds)
            _swapped = true;
        else
            throw new InvalidDataException("unknown file format");
        _nanoseconds = (_swapped ? BinaryPrimitives.ReverseEndianness(magic) : magic) == MagicNanoseconds;
        got = ReadFully(header[4..]);
        if (got != header.Length - 4)
            throw new InvalidDataException($"truncated dump file; tried to read {header.Length - 4} file header bytes, only got {got}");
        if (ReadUInt16(header[4..]) < 2)
            throw new InvalidDataException("archaic pcap savefile format");
        SnapLength = (int)ReadUInt32(header[16..]);
        LinkType = (LinkType)(ReadUInt32(header[20..]) & 0x03FFFFFF);
    }

    /// <summary>The link-layer header type of the file's packets.</summary>
    public LinkType LinkType { get; }

    /// <summary>The snapshot length in the file header.</summary>
    public int SnapLength { get; }

    /// <summary>Opens <paramref name="path"/> (<c>pcap_open_offline</c>).</summary>
    public static PcapReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        try
        {
            return new PcapReader(stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the next record and hands it to <paramref name="handler"/>; false at the end of the file.
    /// </summary>
    /// <exception cref="InvalidDataException">The file ends inside a record, or a record is corrupt.</exception>
    public bool ReadNext(CapturedPacketHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_pcapng)
            return ReadNextNg(handler);
        Span<byte> header = stackalloc byte[PcapWriter.RecordHeaderLength];
        int got = ReadFully(header);
        if (got == 0)
            return false;
        if (got != header.Length)
            throw new InvalidDataException($"truncated dump file; tried to read {header.Length} header bytes, only got {got}");
        uint seconds = ReadUInt32(header);
        uint fraction = ReadUInt32(header[4..]);
        int captured = (int)ReadUInt32(header[8..]);
        int wire = (int)ReadUInt32(header[12..]);
        if (captured < 0 || captured > Math.Max(SnapLength, MaxSnapLength))
            throw new InvalidDataException($"invalid packet capture length {(uint)captured}, bigger than snaplen of {Math.Max(SnapLength, MaxSnapLength)}");
        if (_buffer.Length < captured)
            _buffer = new byte[Math.Max(captured, _buffer.Length * 2)];
        got = ReadFully(_buffer.AsSpan(0, captured));
        if (got != captured)
            throw new InvalidDataException($"truncated dump file; tried to read {captured} captured bytes, only got {got}");
        long ticks = seconds * TimeSpan.TicksPerSecond +
            (_nanoseconds ? fraction / 100 : fraction * TimeSpan.TicksPerMicrosecond);
        var packet = new CapturedPacket(_buffer.AsSpan(0, captured), Math.Max(wire, captured),
            DateTimeOffset.UnixEpoch.AddTicks(ticks), Interfaces.TapDirection.In);
        handler(in packet);
        return true;
    }

    private int ReadFully(Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = _stream.Read(buffer[total..]);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }

    private uint ReadUInt32(ReadOnlySpan<byte> bytes) =>
        _swapped ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    private ushort ReadUInt16(ReadOnlySpan<byte> bytes) =>
        _swapped ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    /// <summary>Closes the file.</summary>
    public void Dispose() => _stream.Dispose();
}
