using System.Buffers.Binary;

namespace Epair.Capture;

/// <summary>
/// Writes a classic libpcap savefile (what <c>tcpdump -w</c> writes and tshark reads): the
/// 24-byte file header (magic <c>0xa1b2c3d4</c>, version 2.4, microsecond timestamps), then one
/// record per packet. Each record goes to the file in one write, as it comes, so a capture that
/// ends by Ctrl-C, a killed client or a killed daemon leaves a file of whole records.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    /// <summary>The magic number of a microsecond-resolution savefile.</summary>
    public const uint MagicMicroseconds = 0xA1B2C3D4;

    /// <summary>The size of the file header.</summary>
    public const int FileHeaderLength = 24;

    /// <summary>The size of a record header.</summary>
    public const int RecordHeaderLength = 16;

    private readonly Stream _stream;
    private byte[] _record = new byte[2048];

    /// <summary>Starts a savefile on <paramref name="stream"/> and writes its header at once.</summary>
    /// <param name="stream">Where to write; the writer owns it.</param>
    /// <param name="linkType">The link-layer header type of every packet.</param>
    /// <param name="snapLength">The snapshot length to record in the header.</param>
    public PcapWriter(Stream stream, LinkType linkType = LinkType.Ethernet, int snapLength = CaptureTap.DefaultSnapLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        LinkType = linkType;
        Span<byte> header = stackalloc byte[FileHeaderLength];
        // Host byte order, as pcap_dump_open writes it; readers detect the order from the magic.
        BinaryPrimitives.WriteUInt32LittleEndian(header, MagicMicroseconds);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);   // thiszone
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0); // sigfigs
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], snapLength);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], (int)linkType);
        _stream.Write(header);
        _stream.Flush();
    }

    /// <summary>The link-layer header type recorded in the file.</summary>
    public LinkType LinkType { get; }

    /// <summary>Records written so far.</summary>
    public long Count { get; private set; }

    /// <summary>Creates (or truncates) <paramref name="path"/> and writes the file header (<c>pcap_dump_open</c>).</summary>
    public static PcapWriter Create(string path, LinkType linkType = LinkType.Ethernet, int snapLength = CaptureTap.DefaultSnapLength)
    {
        // No buffering: every record reaches the file in the write that carries it.
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        try
        {
            return new PcapWriter(stream, linkType, snapLength);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Appends one packet (<c>pcap_dump</c> and <c>pcap_dump_flush</c>).</summary>
    public void Write(in CapturedPacket packet) => Write(packet.Data, packet.OriginalLength, packet.Timestamp);

    /// <summary>Appends one packet: its captured bytes, its length on the wire and when it was seen.</summary>
    public void Write(ReadOnlySpan<byte> data, int originalLength, DateTimeOffset timestamp)
    {
        int total = RecordHeaderLength + data.Length;
        if (_record.Length < total)
            _record = new byte[Math.Max(total, _record.Length * 2)];
        var record = _record.AsSpan(0, total);
        long microseconds = (timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(microseconds / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(microseconds % 1_000_000));
        BinaryPrimitives.WriteInt32LittleEndian(record[8..], data.Length);
        BinaryPrimitives.WriteInt32LittleEndian(record[12..], Math.Max(originalLength, data.Length));
        data.CopyTo(record[RecordHeaderLength..]);
        _stream.Write(record);
        _stream.Flush();
        Count++;
    }

    /// <summary>Closes the file (<c>pcap_dump_close</c>).</summary>
    public void Dispose() => _stream.Dispose();
}
