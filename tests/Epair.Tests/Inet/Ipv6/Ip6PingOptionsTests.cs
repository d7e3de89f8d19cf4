using System.Buffers.Binary;
using System.Net;
using Epair.Frames;
using Epair.Inet.Ipv6;
using Epair.Interfaces;

namespace Epair.Tests.Inet.Ipv6;

/// <summary>ping -6's -C (IPV6_VLAN_PCP), -D (IPV6_DONTFRAG) and its send-error and cancel paths.</summary>
public sealed class Ip6PingOptionsTests
{
    private static readonly Ping6Options Fast = new() { Count = 2, Interval = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(1) };

    private static TwoVnets Globals()
    {
        var net = new TwoVnets();
        net.Ip6One.AddAddress(net.A, IPAddress.Parse("2001:db8::1"), 64);
        net.Ip6Two.AddAddress(net.B, IPAddress.Parse("2001:db8::2"), 64);
        net.FinishDad();
        return net;
    }

    [Fact]
    public async Task Flood_sends_the_next_request_on_each_reply_without_waiting_the_interval()
    {
        using var net = Globals();
        var sent = new List<int>();

        var run = net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::2"),
            new() { Count = 5, Interval = TimeSpan.FromHours(1), Flood = true, OnSent = sent.Add });
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((5, 5), (result.Transmitted, result.Received));
        Assert.Equal([0, 1, 2, 3, 4], sent);
    }

    [Fact]
    public async Task Pcp_tags_the_echo_requests_with_vlan_0_and_that_priority()
    {
        using var net = Globals();
        var wire = new PriorityTap();
        using var tap = net.A.AttachTap(wire);

        var result = await net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::2"), Fast with { Pcp = 5 });

        Assert.Equal(2, result.Received);
        // The requests carry the tag; neighbor discovery and anything else do not.
        Assert.Equal([(0, 5), (0, 5)], wire.Tagged(0x86DD, icmpType: 128));
        Assert.Empty(wire.Tagged(0x86DD, icmpType: 135));
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public async Task Dont_fragment_refuses_a_request_larger_than_the_link()
    {
        using var net = Globals();
        var errors = new List<Errno>();

        var refused = await net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::2"),
            Fast with { Size = 2000, DontFragment = true, OnSendError = errors.Add });
        var fragmented = await net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::2"), Fast with { Size = 2000 });

        Assert.Equal([Errno.EMSGSIZE, Errno.EMSGSIZE], errors);
        Assert.Equal([Errno.EMSGSIZE, Errno.EMSGSIZE], refused.SendErrors);
        Assert.Equal((2, 0), (refused.Transmitted, refused.Received));
        Assert.Equal(2, fragmented.Received);
        Assert.Equal(net.StartOutstanding, net.Kernel.Frames.Outstanding);
    }

    [Fact]
    public async Task A_pcp_outside_0_to_7_is_EINVAL()
    {
        using var net = Globals();

        var ex = await Assert.ThrowsAsync<ErrnoException>(() => net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::2"), Fast with { Pcp = 8 }));

        Assert.Equal(Errno.EINVAL, ex.Errno);
    }

    [Fact]
    public async Task Cancelling_returns_the_summary_so_far()
    {
        using var net = Globals();
        using var stop = new CancellationTokenSource();
        var options = Fast with { Count = 1000, Interval = TimeSpan.FromSeconds(1), OnReply = _ => stop.Cancel() };

        var result = await net.Ip6One.PingAsync(IPAddress.Parse("2001:db8::2"), options, stop.Token);

        Assert.Equal((1, 1), (result.Transmitted, result.Received));
        Assert.StartsWith("--- 2001:db8::2 ping statistics ---\n1 packets transmitted, 1 packets received, 0.0% packet loss\n",
            result.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Records, for frames sent with an 802.1Q header, the VLAN id and priority by EtherType and ICMPv6 type.</summary>
    private sealed class PriorityTap : IFrameTap
    {
        private readonly List<(ushort EtherType, byte IcmpType, int Vid, int Pcp)> _tagged = [];

        public void Tap(NetInterface ifp, Frame frame, TapDirection direction)
        {
            var data = frame.Data;
            if (direction != TapDirection.Out || data.Length < 18 + 41 || BinaryPrimitives.ReadUInt16BigEndian(data[12..]) != 0x8100)
                return;
            ushort tag = BinaryPrimitives.ReadUInt16BigEndian(data[14..]);
            lock (_tagged)
                _tagged.Add((BinaryPrimitives.ReadUInt16BigEndian(data[16..]), data[18 + 40], VlanHeader.VidOf(tag), VlanHeader.PcpOf(tag)));
        }

        public List<(int Vid, int Pcp)> Tagged(ushort etherType, byte icmpType)
        {
            lock (_tagged)
                return _tagged.FindAll(t => t.EtherType == etherType && t.IcmpType == icmpType).ConvertAll(t => (t.Vid, t.Pcp));
        }
    }
}
