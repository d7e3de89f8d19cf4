namespace Epair.Tests.Cli.Commands;

public sealed class SysctlCommandTests : CommandTestBase
{
    [Fact]
    public void Reads_writes_and_prints_old_and_new()
    {
        Assert.Equal("net.isr.dispatch: direct\n", Ok("sysctl net.isr.dispatch"));
        Assert.Equal("direct\n", Ok("sysctl -n net.isr.dispatch"));
        Assert.Equal("net.isr.dispatch: direct -> deferred\n", Ok("sysctl net.isr.dispatch=deferred"));
        Assert.Equal("deferred -> direct\n", Ok("sysctl -n net.isr.dispatch=direct"));
        Assert.Contains("net.isr.maxthreads: ", Ok("sysctl net.isr"), StringComparison.Ordinal);
        Assert.Contains("kern.hostid: ", Ok("sysctl -a"), StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_are_sysctl8s_and_the_status_counts_them()
    {
        var unknown = Run("sysctl net.nosuch");
        Assert.Equal((1, "sysctl: unknown oid 'net.nosuch'\n"), (unknown.ExitCode, unknown.Stderr));
        var readOnly = Run("sysctl net.isr.numthreads=3");
        Assert.Equal((1, "sysctl: oid 'net.isr.numthreads' is read only\n"), (readOnly.ExitCode, readOnly.Stderr));
        var integer = Run("sysctl net.link.epair.netisr_maxqlen=abc");
        Assert.Equal((1, "sysctl: invalid integer 'abc'\n"), (integer.ExitCode, integer.Stderr));
        var refused = Run("sysctl net.link.epair.netisr_maxqlen=0");
        Assert.Equal((1, "sysctl: net.link.epair.netisr_maxqlen: Invalid argument\n"), (refused.ExitCode, refused.Stderr));
        Assert.Equal(2, Run("sysctl net.nosuch1 net.nosuch2").ExitCode);
        Assert.Equal(0, Run("sysctl -i net.nosuch").ExitCode);
        Assert.Equal(1, Run("sysctl").ExitCode);
    }

    [Fact]
    public void Minus_t_prints_ctl_typename_alone_or_before_the_description()
    {
        Assert.Equal("kern.ostype: FreeBSD\n", Ok("sysctl kern.ostype"));
        Assert.Equal("kern.ostype: string\n", Ok("sysctl -t kern.ostype"));
        Assert.Equal("kern.ostype: string: Operating system type\n", Ok("sysctl -d -t kern.ostype"));
        Assert.Equal("string: Operating system type\n", Ok("sysctl -n -t -d kern.ostype"));
        Assert.Equal("kern.hostid=unsigned long\n", Ok("sysctl -e -t kern.hostid"));
        Assert.Equal("net.link.epair.netisr_maxqlen: integer\n", Ok("sysctl -t net.link.epair.netisr_maxqlen"));
    }
}
