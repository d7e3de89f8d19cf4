using System.Globalization;

namespace Epair.Cli.Commands;

/// <summary>
/// kldunload(8): <c>kldunload [-fv] -i id | name …</c>. Unloading if_epair destroys every epair
/// in every vnet, as FreeBSD's module unload does.
/// </summary>
internal static class KldunloadCommand
{
    public static readonly CommandInfo Info = new("kldunload", Run);

    private const string Program = "kldunload";

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        bool verbose = false, byId = false;
        string? id = null;
        var getopt = new Getopt(args, "fi:n:v", message => context.Warn(Program, message));
        while (getopt.Next())
        {
            switch (getopt.Option)
            {
                case 'f': break;
                case 'v': verbose = true; break;
                case 'i': byId = true; id = getopt.Argument; break;
                case 'n': break;
                default: return Usage(context);
            }
        }
        var names = getopt.Remaining.ToList();
        if (byId)
        {
            if (names.Count > 0 || !int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out int fileId))
                return Usage(context);
            var byNumber = KldstatCommand.Files(context.Kernel).FirstOrDefault(f => f.Id == fileId);
            if (byNumber.Name is null || byNumber.Id == 1)
                return context.Fail(Program, $"can't unload file: {ErrnoText.Of(byNumber.Id == 1 ? Errno.EBUSY : Errno.ENOENT)}");
            names.Add(byNumber.Module);
        }
        if (names.Count == 0)
            return Usage(context);
        int errors = 0;
        foreach (var file in names)
        {
            string module = KldloadCommand.ModuleName(file);
            if (!context.Kernel.LoadedModules.Contains(module))
            {
                context.Warn(Program, $"can't find file {file}");
                errors++;
                continue;
            }
            if (verbose)
                context.Out.WriteLine($"Unloading {module}.ko, id={KldstatCommand.FileId(context.Kernel, module)}");
            try
            {
                context.Kernel.UnloadModule(module);
            }
            catch (ErrnoException ex)
            {
                context.Warn(Program, $"can't unload file: {ErrnoText.Of(ex.Errno)}");
                errors++;
            }
        }
        return errors == 0 ? 0 : 1;
    }

    private static int Usage(CommandContext context)
    {
        context.Usage("usage: kldunload [-fv] -i id ...\n       kldunload [-fv] [-n] name ...");
        return 1;
    }
}
