using Epair.Cli.Commands;

namespace Epair.Tests.Cli.Commands;

public sealed class GetoptTests
{
    [Fact]
    public void Clusters_arguments_and_stops_at_the_first_operand()
    {
        var g = new Getopt(["-an", "-jone", "-j", "two", "ifconfig", "-l"], "anj:");
        var seen = new List<string>();
        while (g.Next())
            seen.Add(g.Argument is null ? g.Option.ToString() : $"{g.Option}={g.Argument}");
        Assert.Equal(["a", "n", "j=one", "j=two"], seen);
        Assert.Equal(["ifconfig", "-l"], g.Remaining);
    }

    [Fact]
    public void Unknown_options_and_missing_arguments_are_question_marks()
    {
        var g = new Getopt(["-x"], "j:");
        Assert.True(g.Next());
        Assert.Equal(('?', 'x'), (g.Option, g.Offending));
        var h = new Getopt(["-j"], "j:");
        Assert.True(h.Next());
        Assert.Equal('?', h.Option);
        var i = new Getopt(["--", "-a"], "a");
        Assert.False(i.Next());
        Assert.Equal(["-a"], i.Remaining);
    }

    [Fact]
    public void Getopt_reports_an_illegal_option_and_a_missing_argument_as_FreeBSDs_getopt_prints_them()
    {
        var messages = new List<string>();
        var getopt = new Getopt(["-x", "-c"], "c:", messages.Add);
        Assert.True(getopt.Next());
        Assert.Equal('?', getopt.Option);
        Assert.True(getopt.Next());
        Assert.Equal('?', getopt.Option);
        Assert.Equal(["illegal option -- x", "option requires an argument -- c"], messages);
    }
}
