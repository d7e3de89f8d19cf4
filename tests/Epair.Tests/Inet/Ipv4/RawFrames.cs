using System.Buffers.Binary;
using System.Net;
using Epair.Inet;
using Epair.Interfaces;

namespace Epair.Tests.Inet.Ipv4;

/// <summary>Hand-built frames for the tests that play a foreign host.</summary>
internal static class RawFrames
{
    public static byte[] ArpRequest(MacAddress sender, IPAddress senderIp, IPAddress targetIp)
    {
        var frame = new byte[42];
        MacAddress.Broadcast.CopyTo(frame);
        sender.CopyTo(frame.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0806);
        var arp = frame.AsSpan(14);
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], 0x0800);
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], 1);
        sender.CopyTo(arp[8..]);
        senderIp.TryWriteBytes(arp[14..], out _);
        targetIp.TryWriteBytes(arp[24..], out _);
        return frame;
    }

    /// <summary>An Ethernet frame with an IPv4 header (checksum right) and <paramref name="payload"/>.</summary>
    public static byte[] Ipv4(MacAddress destinationMac, MacAddress sourceMac, IPAddress source, IPAddress destination,
        byte protocol, ReadOnlySpan<byte> payload, byte ttl = 64, ushort flagsAndOffset = 0, ushort id = 1)
    {
        var frame = new byte[14 + 20 + payload.Length];
        destinationMac.CopyTo(frame);
        sourceMac.CopyTo(frame.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        var ip = frame.AsSpan(14);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + payload.Length));
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], id);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], flagsAndOffset);
        ip[8] = ttl;
        ip[9] = protocol;
        source.TryWriteBytes(ip[12..], out _);
        destination.TryWriteBytes(ip[16..], out _);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum.Compute(ip[..20]));
        payload.CopyTo(ip[20..]);
        return frame;
    }

    /// <summary>A UDP header and data, checksum over the pseudo-header (or 0 for none).</summary>
    public static byte[] Udp(IPAddress source, IPAddress destination, ushort sourcePort, ushort destinationPort,
        ReadOnlySpan<byte> data, bool checksum = true)
    {
        var udp = new byte[8 + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)udp.Length);
        data.CopyTo(udp.AsSpan(8));
        if (checksum)
        {
            Span<byte> pseudo = stackalloc byte[12];
            source.TryWriteBytes(pseudo, out _);
            destination.TryWriteBytes(pseudo[4..], out _);
            pseudo[9] = 17;
            BinaryPrimitives.WriteUInt16BigEndian(pseudo[10..], (ushort)udp.Length);
            ushort sum = Checksum.Finish(Checksum.Add(Checksum.Add(0, pseudo), udp));
            BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(6), sum == 0 ? (ushort)0xFFFF : sum);
        }
        return udp;
    }

    /// <summary>An ICMP echo request with its checksum.</summary>
    public static byte[] Echo(ushort id, ushort seq, int dataLength)
    {
        var icmp = new byte[8 + dataLength];
        icmp[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(6), seq);
        BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(2), Checksum.Compute(icmp));
        return icmp;
    }
}
