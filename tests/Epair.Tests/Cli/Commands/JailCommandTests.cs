namespace Epair.Tests.Cli.Commands;

public sealed class JailCommandTests : CommandTestBase
{
    [Fact]
    public void Create_is_silent_unless_verbose_remove_says_so_and_jls_lists_in_FreeBSD_columns()
    {
        // jail(8) notes "created" only for a jail named in jail.conf, or with -v.
        Assert.Equal("", Ok("jail -c name=one vnet persist host.hostname=one.example"));
        Assert.Equal("two: created\n", Ok("jail -v -c name=two vnet persist"));
        Assert.Equal("two: removed\n", Ok("jail -r two"));
        Assert.Equal(
            "   JID  IP Address      Hostname                      Path\n" +
            "     1                  one.example                   /\n",
            Ok("jls"));
        Assert.Equal(
            " JID             IP Address      Hostname                      Path\n" +
            " one                             one.example                   /\n",
            Ok("jls -N"));
        Assert.Equal("1 one\n", Ok("jls jid name"));
        Assert.Contains("jid=1 name=one", Ok("jls -n"), StringComparison.Ordinal);
        Assert.Equal("one: removed\n", Ok("jail -r one"));
        Assert.Equal("   JID  IP Address      Hostname                      Path\n", Ok("jls"));
    }

    [Fact]
    public void Vnet_interface_moves_in_and_remove_gives_it_back()
    {
        Ok("ifconfig epair create");
        Ok("jail -c name=one vnet persist vnet.interface=epair0b");
        Assert.Equal("lo0 epair0b\n", Ok("jexec one ifconfig -l"));
        Ok("jail -r one");
        Assert.Equal("lo0 epair0a epair0b\n", Ok("ifconfig -l"));
    }

    [Fact]
    public void Host_hostid_reaches_the_jail()
    {
        Ok("jail -c name=one vnet persist host.hostid=0x1234");
        Assert.Equal("4660\n", Ok("jexec one sysctl -n kern.hostid"));
    }

    [Fact]
    public void Errors_name_the_jail()
    {
        var missing = Run("jail -r nosuch");
        Assert.Equal((1, "jail: \"nosuch\" not found\n"), (missing.ExitCode, missing.Stderr));
        Ok("jail -c name=one vnet persist");
        var twice = Run("jail -c name=one vnet persist");
        Assert.Equal(1, twice.ExitCode);
        var usage = Run("jail");
        Assert.Equal(1, usage.ExitCode);
        Assert.StartsWith("usage: jail", usage.Stderr, StringComparison.Ordinal);
        var iface = Run("jail -c name=two vnet persist vnet.interface=nosuch0");
        Assert.Equal(1, iface.ExitCode);
        Assert.Null(Kernel.FindVnet("two"));
    }

    [Fact]
    public void A_jail_without_persist_goes_at_once()
    {
        Ok("jail -c name=brief vnet");
        Assert.Null(Kernel.FindVnet("brief"));
    }

    [Fact]
    public void Jexec_runs_in_the_jail_and_refuses_what_it_cannot_run()
    {
        Ok("jail -c name=one vnet persist");
        Assert.Equal("epair0a\n", Ok("jexec one ifconfig epair create"));
        Assert.Equal("lo0\n", Ok("ifconfig -l"));
        var missing = Run("jexec nosuch ifconfig -l");
        Assert.Equal((1, "jexec: jail \"nosuch\" not found\n"), (missing.ExitCode, missing.Stderr));
        var program = Run("jexec one tshark -n");
        Assert.Equal((1, "jexec: execvp: tshark: No such file or directory\n"), (program.ExitCode, program.Stderr));
        // ping runs in the jail's own stack, which has no route to 192.0.2.1.
        var ping = Run("jexec one ping -c 1 192.0.2.1");
        Assert.Equal((2, "ping: sendto: No route to host\n"), (ping.ExitCode, ping.Stderr));
        Assert.Equal("lo0 epair0a epair0b\n", Ok("jexec 1 ifconfig -l"));
    }
}
