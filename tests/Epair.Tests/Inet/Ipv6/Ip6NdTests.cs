using System.Net;
using Epair.Interfaces;
using PacketDotNet.Utils;

namespace Epair.Tests.Inet.Ipv6;

/// <summary>The neighbor discovery messages the stack sends, read by PacketDotNet.</summary>
public sealed class Ip6NdTests
{
    [Fact]
    public void Dad_probes_and_address_resolution_look_as_RFC_4861_says()
    {
        using var net = new TwoVnets(enable: false);
        var captured = new List<(MacAddress Destination, byte[] Packet)>();
        net.B.InputHandler = (ifp, frame) =>
        {
            captured.Add((new MacAddress(frame.Data), frame.Data[14..].ToArray()));
            frame.Free();
        };
        net.B.Up();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);

        // Two DAD probes (link-local and global): from ::, to the solicited-node group, no option.
        Assert.Equal(2, captured.Count);
        var (mac, bytes) = captured[1];
        Assert.Equal(MacAddress.Parse("33:33:ff:00:00:01"), mac);
        var ip = new PacketDotNet.IPv6Packet(new ByteArraySegment(bytes));
        Assert.Equal(IPAddress.IPv6Any, ip.SourceAddress);
        Assert.Equal(IPAddress.Parse("ff02::1:ff00:1"), ip.DestinationAddress);
        Assert.Equal(255, ip.HopLimit);
        var icmp = Assert.IsType<PacketDotNet.IcmpV6Packet>(ip.PayloadPacket);
        Assert.Equal(PacketDotNet.IcmpV6Type.NeighborSolicitation, icmp.Type);
        Assert.True(icmp.ValidIcmpChecksum);
        Assert.Equal(24, bytes.Length - 40);
        Assert.Equal(IPAddress.Parse("2001:db8::1").GetAddressBytes(), bytes.AsSpan(48, 16).ToArray());

        net.FinishDad();
        captured.Clear();
        using var socket = net.Ip6One.OpenUdp();
        socket.SendTo("x"u8, new IPEndPoint(IPAddress.Parse("2001:db8::2"), 9));

        // Address resolution: from our address, with our link-layer address as option.
        var (_, ns) = Assert.Single(captured);
        var nsIp = new PacketDotNet.IPv6Packet(new ByteArraySegment(ns));
        Assert.Equal(IPAddress.Parse("2001:db8::1"), nsIp.SourceAddress);
        Assert.Equal(IPAddress.Parse("ff02::1:ff00:2"), nsIp.DestinationAddress);
        Assert.True(Assert.IsType<PacketDotNet.IcmpV6Packet>(nsIp.PayloadPacket).ValidIcmpChecksum);
        Assert.Equal(32, ns.Length - 40);
        Assert.Equal(new byte[] { 1, 1 }, ns.AsSpan(64, 2).ToArray());
        Assert.Equal(net.A.MacAddress, new MacAddress(ns.AsSpan(66, 6)));
        net.B.InputHandler = null;
    }
}
