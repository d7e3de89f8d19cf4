namespace Epair.Tests.Cli.Commands;

public sealed class NetstatCommandTests : CommandTestBase
{
    [Fact]
    public void Interface_table_is_measured_as_FreeBSD_14_does()
    {
        Ok("ifconfig epair create");
        Ok("ifconfig epair0a up");
        var a = Kernel.Host.GetInterface("epair0a");
        var b = Kernel.Host.GetInterface("epair0b");
        Assert.Equal(
            "Name       Mtu Network   Address              Ipkts Ierrs Idrop    Opkts Oerrs  Coll\n" +
            "lo0      16384 <Link#1>  lo0                      0     0     0        0     0     0\n" +
            $"epair0a   1500 <Link#2>  {a.MacAddress}        0     0     0        0     0     0\n" +
            $"epair0b*  1500 <Link#3>  {b.MacAddress}        0     0     0        0     0     0\n",
            Ok("netstat -i -f link"));
        Assert.Equal(
            "Name      Mtu Network   Address              Ipkts Ierrs Idrop     Ibytes    Opkts Oerrs     Obytes  Coll\n" +
            $"epair0a  1500 <Link#2>  {a.MacAddress}        0     0     0          0        0     0          0     0\n",
            Ok("netstat -I epair0a -b"));
        var missing = Run("netstat -I nosuch0");
        Assert.Equal((65, "netstat: interface nosuch0 not found\n"), (missing.ExitCode, missing.Stderr));
    }

    [Fact]
    public void Netisr_statistics_have_FreeBSDs_three_sections()
    {
        var text = Ok("netstat -Q");
        Assert.StartsWith("Configuration:\nSetting                        Current        Limit\n", text, StringComparison.Ordinal);
        Assert.Contains("\nProtocols:\nName   Proto QLimit Policy Dispatch Flags\nepair ", text, StringComparison.Ordinal);
        Assert.Contains("\nWorkstreams:\nWSID CPU   Name     Len WMark   Disp'd  HDisp'd   QDrops   Queued  Handled\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_options_print_the_usage_and_exit_1()
    {
        var result = Run("netstat -Y");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("netstat: illegal option -- Y\nusage: netstat", result.Stderr, StringComparison.Ordinal);
    }
}
