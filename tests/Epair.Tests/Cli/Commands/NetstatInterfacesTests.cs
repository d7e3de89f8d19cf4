namespace Epair.Tests.Cli.Commands;

/// <summary><c>netstat -i</c>'s address rows: one per address, under its interface.</summary>
public sealed class NetstatInterfacesTests : CommandTestBase
{
    [Fact]
    public void Each_address_has_a_row_with_its_network()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
        Ok("ifconfig epair0a inet 198.51.100.1/25 alias");
        var text = Ok("netstat -in -f inet");
        Assert.Equal(
            "Name      Mtu Network          Address         Ipkts Ierrs Idrop    Opkts Oerrs  Coll\n" +
            "lo0         - 127.0.0.0/8      127.0.0.1           0     -     -        0     -     -\n" +
            "epair0a     - 192.0.2.0/24     192.0.2.1           0     -     -        0     -     -\n" +
            "epair0a     - 198.51.100.0/25  198.51.100.1        0     -     -        0     -     -\n", text);
        Assert.Contains("lo0         - 127.0.0.0/8      localhost ", Ok("netstat -i -f inet"));
    }

    [Fact]
    public void Ipv6_rows_show_the_zone()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet6 2001:db8::1/64");
        var text = Ok("netstat -in -6");
        Assert.Contains("\nlo0         - ::1/128 ", text);
        Assert.Contains("\nlo0         - fe80::%lo0/64 ", text);
        Assert.Contains(" fe80::1%lo0 ", text);
        Assert.Contains("\nepair0a     - 2001:db8::/64 ", text);
        Assert.Contains("\nepair0a     - fe80::%epair0a/64 ", text);
        Assert.DoesNotContain("<Link#", text);
        Assert.Matches(@"\nlo0 +- localhost +localhost ", Ok("netstat -i -f inet6"));
    }

    [Fact]
    public void Link_rows_come_first_then_the_addresses()
    {
        Ok("ifconfig epair create up");
        Ok("ifconfig epair0a inet 192.0.2.1/24");
        var lines = Ok("netstat -I epair0a -n").Split('\n');
        Assert.StartsWith("epair0a  1500 <Link#2> ", lines[1]);
        Assert.StartsWith("epair0a     - 192.0.2.0/24 ", lines[2]);
    }

    [Fact]
    public void An_unknown_family_is_refused()
    {
        var result = Run("netstat -i -f bogus");
        Assert.Equal((1, "netstat: bogus: unknown address family\n"), (result.ExitCode, result.Stderr));
    }
}
