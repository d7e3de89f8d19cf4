namespace Epair.Cli.Commands;

/// <summary>kldload(8): <c>kldload [-nqv] file …</c> loads modules (if_epair, if_vlan) into the kernel.</summary>
internal static class KldloadCommand
{
    public static readonly CommandInfo Info = new("kldload", Run);

    private const string Program = "kldload";

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        bool ifNotLoaded = false, quiet = false, verbose = false;
        var getopt = new Getopt(args, "nqv", message => context.Warn(Program, message));
        while (getopt.Next())
        {
            switch (getopt.Option)
            {
                case 'n': ifNotLoaded = true; break;
                case 'q': quiet = true; break;
                case 'v': verbose = true; break;
                default: return Usage(context);
            }
        }
        var files = getopt.Remaining;
        if (files.Count == 0)
            return Usage(context);
        int errors = 0;
        foreach (var file in files)
        {
            string module = ModuleName(file);
            if (context.Kernel.LoadedModules.Contains(module) && ifNotLoaded)
                continue;
            try
            {
                context.Kernel.LoadModule(module);
                if (verbose)
                    context.Out.WriteLine($"Loaded {file}, id={KldstatCommand.FileId(context.Kernel, module)}");
            }
            catch (ErrnoException ex)
            {
                errors++;
                if (quiet)
                    continue;
                context.Warn(Program, ex.Errno == Errno.EEXIST
                    ? $"can't load {file}: module already loaded or in kernel"
                    : $"can't load {file}: {ErrnoText.Of(ex.Errno)}");
            }
        }
        return errors == 0 ? 0 : 1;
    }

    /// <summary>The module a file argument names: <c>if_epair</c>, <c>if_epair.ko</c> or a path to it.</summary>
    internal static string ModuleName(string file)
    {
        string name = Path.GetFileName(file);
        return name.EndsWith(".ko", StringComparison.Ordinal) ? name[..^3] : name;
    }

    private static int Usage(CommandContext context)
    {
        context.Usage("usage: kldload [-nqv] file ...");
        return 1;
    }
}
