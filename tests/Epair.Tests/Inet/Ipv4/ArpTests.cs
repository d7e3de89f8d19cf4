using System.Net;
using Epair.Interfaces;
using static Epair.Tests.Inet.Ipv4.Ipv4TestBed;

namespace Epair.Tests.Inet.Ipv4;

public sealed class ArpTests
{
    [Fact]
    public async Task Traffic_fills_both_tables_and_counts_requests_and_replies()
    {
        using var bed = new Ipv4TestBed();
        var (one, two, a, b) = bed.TwoVnets();

        await one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), new() { Count = 1, Interval = TimeSpan.Zero });

        var learned = Assert.Single(one.Inet.Arp.Entries, e => !e.IsInterfaceAddress);
        Assert.Equal(Ip("192.0.2.2"), learned.Address);
        Assert.Equal(b.MacAddress, learned.MacAddress);
        Assert.False(learned.Permanent);
        Assert.Equal(TimeSpan.FromSeconds(1200), learned.ExpiresIn);
        var own = Assert.Single(one.Inet.Arp.Entries, e => e.IsInterfaceAddress);
        Assert.True(own.Permanent);
        Assert.Equal(a.MacAddress, own.MacAddress);
        Assert.Contains(two.Inet.Arp.Entries, e => e.Address.Equals(Ip("192.0.2.1")) && e.MacAddress == a.MacAddress);
        Assert.Equal(1, one.Inet.Arp.Statistics.RxReplies);
        Assert.Equal(1, two.Inet.Arp.Statistics.TxReplies);
        Assert.True(two.Inet.Arp.Statistics.RxRequests >= 1);
    }

    [Fact]
    public async Task Permanent_entries_survive_replies_that_say_otherwise()
    {
        using var bed = new Ipv4TestBed();
        var (one, two, a, b) = bed.TwoVnets();
        var fake = MacAddress.Parse("02:00:5e:00:00:01");
        two.Inet.Arp.AddStatic(b, Ip("192.0.2.1"), fake);

        // one's gratuitous ARP and its replies carry a's real MAC; two must keep the permanent one.
        one.Inet.Ipv4.AddAddress(a, Ip("192.0.2.1"), 24);
        await one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), new() { Count = 1, Interval = TimeSpan.Zero, Timeout = TimeSpan.Zero });

        var entry = Assert.Single(two.Inet.Arp.Entries, e => e.Address.Equals(Ip("192.0.2.1")));
        Assert.Equal(fake, entry.MacAddress);
        Assert.True(entry.Permanent);
        bed.Time.Advance(TimeSpan.FromHours(1));
        Assert.Contains(two.Inet.Arp.Entries, e => e.Address.Equals(Ip("192.0.2.1")) && e.MacAddress == fake);
    }

    [Fact]
    public async Task Entries_age_out_after_max_age_and_count_timeouts()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, _, _) = bed.TwoVnets();
        bed.Kernel.Sysctl.Set("net.link.ether.inet.max_age", "60", one);
        await one.Inet.Ipv4.PingAsync(Ip("192.0.2.2"), new() { Count = 1, Interval = TimeSpan.Zero });
        Assert.Contains(one.Inet.Arp.Entries, e => !e.IsInterfaceAddress);

        bed.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Contains(one.Inet.Arp.Entries, e => !e.IsInterfaceAddress);
        bed.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.DoesNotContain(one.Inet.Arp.Entries, e => !e.IsInterfaceAddress);
        Assert.Equal(1, one.Inet.Arp.Statistics.Timeouts);
    }

    [Fact]
    public void Hold_queue_is_bounded_by_maxhold_and_incomplete_entries_expire()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (one, _, _, _) = bed.TwoVnets();
        Assert.Equal("16", bed.Kernel.Sysctl.Get("net.link.ether.inet.maxhold", one));
        using var socket = one.Inet.Ipv4.OpenUdp();

        // Nobody has 192.0.2.50: every datagram waits on the incomplete entry.
        for (int i = 0; i < 20; i++)
            Assert.Equal(Errno.None, socket.SendTo(new byte[10], new IPEndPoint(Ip("192.0.2.50"), 9)));

        var incomplete = Assert.Single(one.Inet.Arp.Entries, e => e.Address.Equals(Ip("192.0.2.50")));
        Assert.Null(incomplete.MacAddress);
        Assert.Equal(4, one.Inet.Arp.Statistics.Dropped);
        // One gratuitous ARP when the address was added, then one request: at most one a second.
        Assert.Equal(2, one.Inet.Arp.Statistics.TxRequests);

        bed.Time.Advance(TimeSpan.FromSeconds(21));

        Assert.DoesNotContain(one.Inet.Arp.Entries, e => e.Address.Equals(Ip("192.0.2.50")));
        Assert.Equal(20, one.Inet.Arp.Statistics.Dropped);
        Assert.Equal(1, one.Inet.Arp.Statistics.Timeouts);
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public void Requests_for_other_hosts_are_counted_and_not_answered()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (_, two, a, _) = bed.TwoVnets();
        long repliesBefore = two.Inet.Arp.Statistics.TxReplies;
        long requestsBefore = two.Inet.Arp.Statistics.RxRequests;

        bed.Inject(a, RawFrames.ArpRequest(a.MacAddress, Ip("192.0.2.1"), Ip("192.0.2.77")));

        Assert.Equal(requestsBefore + 1, two.Inet.Arp.Statistics.RxRequests);
        Assert.Equal(repliesBefore, two.Inet.Arp.Statistics.TxReplies);
        Assert.DoesNotContain(two.Inet.Arp.Entries, e => e.Address.Equals(Ip("192.0.2.77")));
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public void Someone_claiming_our_address_counts_a_duplicate()
    {
        using var bed = new Ipv4TestBed();
        var (_, two, a, _) = bed.TwoVnets();

        bed.Inject(a, RawFrames.ArpRequest(MacAddress.Parse("02:00:00:00:00:42"), Ip("192.0.2.2"), Ip("192.0.2.2")));

        Assert.Equal(1, two.Inet.Arp.Statistics.DupIps);
    }

    [Fact]
    public void Arp_d_removes_entries_and_refuses_unknown_ones()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, a, _) = bed.TwoVnets();
        one.Inet.Arp.AddStatic(a, Ip("192.0.2.9"), MacAddress.Parse("02:00:00:00:00:09"));

        one.Inet.Arp.Delete(Ip("192.0.2.9"));

        Assert.DoesNotContain(one.Inet.Arp.Entries, e => e.Address.Equals(Ip("192.0.2.9")));
        Assert.Equal(Errno.ESRCH, Assert.Throws<ErrnoException>(() => one.Inet.Arp.Delete(Ip("192.0.2.9"))).Errno);
    }

    [Fact]
    public void A_flood_of_requests_cannot_grow_the_table_past_its_bound()
    {
        using var bed = new Ipv4TestBed();
        long start = bed.Outstanding;
        var (_, two, a, _) = bed.TwoVnets();
        two.Inet.Arp.MaxEntries = 8;
        long repliesBefore = two.Inet.Arp.Statistics.TxReplies;

        for (int i = 10; i < 60; i++)
            bed.Inject(a, RawFrames.ArpRequest(MacAddress.FromUInt64(0x020000000000UL + (ulong)i), Ip($"192.0.2.{i}"), Ip("192.0.2.2")));

        Assert.True(two.Inet.Arp.Entries.Count <= 8);
        // Requests for our address are still answered when there is no room to learn the asker.
        Assert.Equal(repliesBefore + 50, two.Inet.Arp.Statistics.TxReplies);
        Assert.Equal(start, bed.Outstanding);
    }

    [Fact]
    public void Gratuitous_arp_repeats_with_backoff_as_garp_rexmit_count_says()
    {
        using var bed = new Ipv4TestBed();
        var one = bed.Kernel.CreateVnet("one");
        bed.Kernel.Sysctl.Set("net.link.ether.inet.garp_rexmit_count", "99", one);
        Assert.Equal("16", bed.Kernel.Sysctl.Get("net.link.ether.inet.garp_rexmit_count", one));
        bed.Kernel.Sysctl.Set("net.link.ether.inet.garp_rexmit_count", "3", one);
        var (a, _) = bed.Connect(one, "192.0.2.1", bed.Kernel.Host, "192.0.2.2");
        long afterAdd = one.Inet.Arp.Statistics.TxRequests;

        bed.Time.Advance(TimeSpan.FromSeconds(1));
        long afterOne = one.Inet.Arp.Statistics.TxRequests;
        bed.Time.Advance(TimeSpan.FromSeconds(2));
        long afterThree = one.Inet.Arp.Statistics.TxRequests;
        bed.Time.Advance(TimeSpan.FromSeconds(4));
        long afterSeven = one.Inet.Arp.Statistics.TxRequests;
        bed.Time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(1, afterAdd);
        Assert.Equal(2, afterOne);
        Assert.Equal(3, afterThree);
        Assert.Equal(4, afterSeven);
        Assert.Equal(4, one.Inet.Arp.Statistics.TxRequests);
        _ = a;
    }
}

public sealed class ArpRefreshTests
{
    [Fact]
    public async Task An_entry_in_use_is_refreshed_before_it_expires_so_traffic_never_waits()
    {
        using var bed = new Ipv4TestBed();
        var (one, _, _, _) = bed.TwoVnets();
        bed.Kernel.Sysctl.Set("net.link.ether.inet.max_age", "60", one);
        var once = new Epair.Inet.Ipv4.Icmp.PingOptions { Count = 1, Interval = TimeSpan.Zero };
        await one.Inet.Ipv4.PingAsync(Ipv4TestBed.Ip("192.0.2.2"), once);
        long requests = one.Inet.Arp.Statistics.TxRequests;

        // Keep using the entry past its lifetime: near the end it is asked for and confirmed again.
        for (int i = 0; i < 90; i++)
        {
            bed.Time.Advance(TimeSpan.FromSeconds(1));
            var result = await one.Inet.Ipv4.PingAsync(Ipv4TestBed.Ip("192.0.2.2"), once);
            Assert.Equal(1, result.Received);
        }

        Assert.Equal(0, one.Inet.Arp.Statistics.Timeouts);
        Assert.Equal(0, one.Inet.Arp.Statistics.Dropped);
        Assert.True(one.Inet.Arp.Statistics.TxRequests > requests);
    }
}
