using System.Text.RegularExpressions;
using Epair.Drivers.Epair;
using Epair.Interfaces;

namespace Epair.Tests;

/// <summary>The README's library sample is this file's code: the test keeps the two equal and runs it.</summary>
public sealed partial class ReadmeSampleTests
{
    [Fact]
    public async Task The_README_sample_runs_and_delivers_its_frame()
    {
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            // README:start
            using var kernel = new Kernel();
            var a = (EpairInterface)kernel.Host.CreateInterface("epair"); // ifconfig epair create
            var b = a.Peer;                                                // epair0b
            var one = kernel.CreateVnet("one");                            // jail -c name=one vnet
            kernel.Host.MoveInterface(b.Name, one);                        // ifconfig epair0b vnet one
            a.Up(); b.Up();

            int received = 0;
            b.InputHandler = (ifp, frame) => { received++; frame.Free(); }; // raw frames, no stack

            var frame = kernel.Frames.Rent(64);                            // a pooled frame (mbuf)
            MacAddress.Broadcast.CopyTo(frame.Data);                       // destination
            a.MacAddress.CopyTo(frame.Data[6..]);                          // source
            a.Transmit(frame);                                             // the frame is a's now
            await kernel.QuiesceAsync();
            Console.WriteLine($"{b.Name} in jail {b.Vnet.Name}: {received} frame(s), {b.Counters.IPackets} ipackets");
            // README:end
        }
        finally
        {
            Console.SetOut(console);
        }
        Assert.Equal("epair0b in jail one: 1 frame(s), 1 ipackets" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void The_README_shows_exactly_this_sample()
    {
        string root = RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        string source = File.ReadAllText(Path.Combine(root, "tests", "Epair.Tests", "ReadmeSampleTests.cs"));

        var inReadme = Normalize(Between(readme, "<!-- sample:start -->", "<!-- sample:end -->")
            .Replace("```csharp", "", StringComparison.Ordinal).Replace("```", "", StringComparison.Ordinal));
        var inTest = Normalize(Between(source, "// README" + ":start", "// README" + ":end"));

        // The README adds the using directives a reader needs; the rest is line for line the same.
        bool IsUsingDirective(string line) => line.StartsWith("using ", StringComparison.Ordinal) && !line.Contains('=', StringComparison.Ordinal);
        Assert.Equal(inTest, inReadme.Where(line => !IsUsingDirective(line)));
    }

    private static string Between(string text, string start, string end)
    {
        int from = text.IndexOf(start, StringComparison.Ordinal);
        int to = text.IndexOf(end, from + 1, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"markers {start} … {end} not found");
        return text[(from + start.Length)..to];
    }

    private static List<string> Normalize(string block) =>
        [.. block.Split('\n').Select(l => Spaces().Replace(l.Trim(), " ")).Where(l => l.Length > 0)];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Epair.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
