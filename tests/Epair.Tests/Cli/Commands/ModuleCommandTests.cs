namespace Epair.Tests.Cli.Commands;

/// <summary>kldload, kldunload, kldstat and kenv.</summary>
public sealed class ModuleCommandTests : CommandTestBase
{
    [Fact]
    public void Kldstat_lists_the_kernel_and_modules_in_FreeBSDs_columns()
    {
        Assert.Equal(
            "Id Refs Address                Size Name\n" +
            " 1    3 0xffffffff80200000  1f3c6c0 kernel\n" +
            " 2    1 0xffffffff82a00000     3378 if_epair.ko\n" +
            " 3    1 0xffffffff82a10000     3378 if_vlan.ko\n",
            Ok("kldstat"));
        Assert.Equal(0, Run("kldstat -q -m if_epair").ExitCode);
    }

    [Fact]
    public void Kldunload_if_epair_destroys_every_epair_and_kldload_brings_the_cloner_back()
    {
        Ok("ifconfig epair create");
        Ok("jail -c name=one vnet persist");
        Ok("jexec one ifconfig epair create");
        Ok("kldunload if_epair");
        Assert.Equal("lo0\n", Ok("ifconfig -l")); // lo0 is no epair
        Assert.Equal("lo0\n", Ok("jexec one ifconfig -l"));
        var gone = Run("ifconfig epair create");
        Assert.Equal(1, gone.ExitCode);
        var again = Run("kldunload if_epair");
        Assert.Equal((1, "kldunload: can't find file if_epair\n"), (again.ExitCode, again.Stderr));
        Ok("kldload if_epair.ko");
        Assert.Equal("epair0a\n", Ok("ifconfig epair create"));
        var twice = Run("kldload if_epair");
        Assert.Equal((1, "kldload: can't load if_epair: module already loaded or in kernel\n"), (twice.ExitCode, twice.Stderr));
        Assert.Equal(0, Run("kldload -n if_epair").ExitCode);
        var unknown = Run("kldload if_nosuch");
        Assert.Equal((1, "kldload: can't load if_nosuch: No such file or directory\n"), (unknown.ExitCode, unknown.Stderr));
    }

    [Fact]
    public void Kenv_sets_tunables_read_at_the_next_load()
    {
        Assert.Equal("net.link.epair.netisr_maxqlen=\"7\"\n", Ok("kenv net.link.epair.netisr_maxqlen=7"));
        Assert.Equal("7\n", Ok("kenv net.link.epair.netisr_maxqlen"));
        Ok("kldunload if_epair");
        Ok("kldload if_epair");
        Assert.Equal("7\n", Ok("sysctl -n net.link.epair.netisr_maxqlen"));
        var missing = Run("kenv nosuch");
        Assert.Equal((1, "kenv: unable to get nosuch\n"), (missing.ExitCode, missing.Stderr));
    }
}
