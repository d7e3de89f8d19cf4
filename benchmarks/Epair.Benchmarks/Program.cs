using BenchmarkDotNet.Running;
using Epair.Benchmarks;

// `quick [--frames N] [--seconds S]` measures without BenchmarkDotNet; anything else goes to
// the BenchmarkDotNet switcher (`--filter '*'`, `--list flat`, ...).
if (args.Length > 0 && args[0] == "quick")
    return QuickRun.Run(args[1..]);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
