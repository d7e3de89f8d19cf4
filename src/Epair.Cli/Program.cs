using System.CommandLine;
using Epair.Cli.Commands;
using Epair.Cli.Daemon;

// FreeBSD commands go to the daemon with their arguments untouched: their grammar is FreeBSD's,
// parsed in the daemon. Only the tool's own commands (daemon, demo) go through System.CommandLine.
if (args.Length > 0 && CommandTable.Find(args[0]) is not null)
{
    using var stdout = Console.OpenStandardOutput();
    using var stderr = Console.OpenStandardError();
    return await DaemonClient.RunAsync(SocketPath.Resolve(), args, stdout, stderr);
}
if (args.Length > 0 && args[0] == "daemon")
    return await DaemonCommand.RunAsync(args[1..], Console.Out, Console.Error);

var root = new RootCommand("epair: FreeBSD's epair(4), vnet jails and network commands, in .NET\n" +
    "FreeBSD commands: " + string.Join(' ', CommandTable.Names) + "\n" +
    "Tool commands: daemon [stop], demo")
{
    DemoCommand.Create(),
};
var parse = root.Parse(args);
int status = await parse.InvokeAsync();
// System.CommandLine answers bad usage with 1; the tool's own usage errors are EX_USAGE.
return parse.Errors.Count > 0 ? ExitCodes.Usage : status;
