using System.Buffers.Binary;

namespace Epair.Capture;

// pcapng (draft-ietf-opsawg-pcapng), as far as libpcap reads it: sections, interface
// descriptions with their time stamp resolution, enhanced and simple packet blocks.
public sealed partial class PcapReader
{
    private const uint SectionHeaderBlock = 0x0A0D0D0A;
    private const uint InterfaceDescriptionBlock = 1;
    private const uint SimplePacketBlock = 3;
    private const uint EnhancedPacketBlock = 6;
    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const int MaxBlock = 16 * 1024 * 1024;

    // Per interface of the current section: ticks (100 ns) per time stamp unit, as a fraction.
    private readonly List<(ulong UnitsPerSecond, int SnapLength)> _interfaces = [];
    private byte[] _block = new byte[2048];

    // The section header (its type already read), then blocks up to the first interface description.
    private (LinkType, int) ReadNgHeader()
    {
        ReadNgSectionRest();
        while (TryReadNgBlock(out uint type, out int length))
        {
            if (type == InterfaceDescriptionBlock)
                return AddInterface(_block.AsSpan(0, length));
        }
        throw new InvalidDataException("pcapng file has no interface description block");
    }

    // A section header after its type: the total length, the byte-order magic, then what is left.
    private void ReadNgSectionRest()
    {
        Span<byte> head = stackalloc byte[8];
        int got = ReadFully(head);
        if (got != head.Length)
            throw new InvalidDataException($"truncated pcapng dump file; tried to read {head.Length} bytes, only got {got}");
        StartSection(head[..4], head[4..]);
    }

    private void StartSection(ReadOnlySpan<byte> totalLength, ReadOnlySpan<byte> order)
    {
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(order);
        if (magic == ByteOrderMagic)
            _swapped = false;
        else if (BinaryPrimitives.ReverseEndianness(magic) == ByteOrderMagic)
            _swapped = true;
        else
            throw new InvalidDataException("unknown file format");
        SkipNg((int)ReadUInt32(totalLength) - 12);
        _interfaces.Clear();
    }

    private (LinkType, int) AddInterface(ReadOnlySpan<byte> body)
    {
        if (body.Length < 8)
            throw new InvalidDataException("interface description block in pcapng dump file is too small");
        var linkType = (LinkType)ReadUInt16(body);
        int snap = (int)ReadUInt32(body[4..]);
        if (snap == 0)
            snap = CaptureTap.DefaultSnapLength;
        ulong unitsPerSecond = 1_000_000;
        // Options: code, length, value padded to 4; if_tsresol (9) changes the unit.
        for (var options = body[8..]; options.Length >= 4;)
        {
            int code = ReadUInt16(options);
            int length = ReadUInt16(options[2..]);
            if (code == 0 || options.Length < 4 + length)
                break;
            if (code == 9 && length >= 1)
            {
                byte resolution = options[4];
                unitsPerSecond = (resolution & 0x80) == 0 ? (ulong)Math.Pow(10, resolution) : 1UL << (resolution & 0x7F);
            }
            options = options[Math.Min(options.Length, 4 + ((length + 3) & ~3))..];
        }
        _interfaces.Add((unitsPerSecond, snap));
        return (linkType, snap);
    }

    // The next block's type and the length of its body (in _block: without its type, lengths and
    // trailing length); false at the end of the file.
    private bool TryReadNgBlock(out uint type, out int length)
    {
        length = 0;
        type = 0;
        Span<byte> head = stackalloc byte[8];
        int got = ReadFully(head);
        if (got == 0)
            return false;
        if (got != head.Length)
            throw new InvalidDataException($"truncated pcapng dump file; tried to read {head.Length} bytes, only got {got}");
        type = ReadUInt32(head);
        if (type == SectionHeaderBlock)
        {
            // A new section, perhaps in the other byte order: its magic says which.
            Span<byte> order = stackalloc byte[4];
            if (ReadFully(order) != order.Length)
                throw new InvalidDataException("truncated pcapng dump file");
            StartSection(head[4..], order);
            return true;
        }
        int total = (int)ReadUInt32(head[4..]);
        if (total < 12 || total > MaxBlock || (total & 3) != 0)
            throw new InvalidDataException($"block in pcapng dump file has a length of {total} < 12");
        int rest = total - 8;
        if (_block.Length < rest)
            _block = new byte[Math.Max(rest, _block.Length * 2)];
        got = ReadFully(_block.AsSpan(0, rest));
        if (got != rest)
            throw new InvalidDataException($"truncated pcapng dump file; tried to read {rest} bytes, only got {got}");
        length = rest - 4;
        return true;
    }

    private void SkipNg(int count)
    {
        if (count <= 0)
            return;
        Span<byte> scratch = stackalloc byte[512];
        while (count > 0)
        {
            int got = ReadFully(scratch[..Math.Min(scratch.Length, count)]);
            if (got == 0)
                throw new InvalidDataException("truncated pcapng dump file");
            count -= got;
        }
    }

    private bool ReadNextNg(CapturedPacketHandler handler)
    {
        while (TryReadNgBlock(out uint type, out int length))
        {
            var body = _block.AsSpan(0, length);
            switch (type)
            {
                case InterfaceDescriptionBlock:
                    AddInterface(body);
                    break;
                case EnhancedPacketBlock when body.Length >= 20:
                {
                    int id = (int)ReadUInt32(body);
                    if ((uint)id >= (uint)_interfaces.Count)
                        throw new InvalidDataException($"enhanced packet block has interface ID {id}, which is not valid");
                    ulong units = ((ulong)ReadUInt32(body[4..]) << 32) | ReadUInt32(body[8..]);
                    int captured = (int)ReadUInt32(body[12..]);
                    int wire = (int)ReadUInt32(body[16..]);
                    if (captured < 0 || captured > body.Length - 20)
                        throw new InvalidDataException("enhanced packet block has a capture length past the end of the block");
                    Deliver(handler, body.Slice(20, captured), wire, units, _interfaces[id].UnitsPerSecond);
                    return true;
                }
                case SimplePacketBlock when body.Length >= 4 && _interfaces.Count > 0:
                {
                    int wire = (int)ReadUInt32(body);
                    int captured = Math.Min(Math.Min(wire, _interfaces[0].SnapLength), body.Length - 4);
                    Deliver(handler, body.Slice(4, captured), wire, 0, 1);
                    return true;
                }
            }
        }
        return false;
    }

    private static void Deliver(CapturedPacketHandler handler, ReadOnlySpan<byte> data, int wire, ulong units, ulong unitsPerSecond)
    {
        ulong seconds = units / unitsPerSecond;
        ulong fraction = units % unitsPerSecond;
        long ticks = (long)seconds * TimeSpan.TicksPerSecond + (long)(fraction * (ulong)TimeSpan.TicksPerSecond / unitsPerSecond);
        var packet = new CapturedPacket(data, Math.Max(wire, data.Length), DateTimeOffset.UnixEpoch.AddTicks(ticks), Interfaces.TapDirection.In);
        handler(in packet);
    }
}
