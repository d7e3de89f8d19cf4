using System.CommandLine;
using Epair.Cli.Commands;

var root = new RootCommand("epair: FreeBSD's epair(4), vnet jails and network commands, in .NET")
{
    DemoCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
