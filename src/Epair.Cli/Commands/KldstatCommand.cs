using System.Globalization;

namespace Epair.Cli.Commands;

/// <summary>kldstat(8): the kernel and the loaded modules, in FreeBSD's columns.</summary>
internal static class KldstatCommand
{
    public static readonly CommandInfo Info = new("kldstat", Run, Exclusive: false);

    private const string Program = "kldstat";

    // Where the pretend files sit: the kernel at amd64's KERNBASE, modules above it.
    private const ulong KernelAddress = 0xffffffff80200000UL;
    private const ulong ModuleBase = 0xffffffff82a00000UL;
    private const long KernelSize = 0x1f3c6c0;
    private const long ModuleSize = 0x3378;

    /// <summary>One kldstat row.</summary>
    internal readonly record struct KernelFile(int Id, int Refs, ulong Address, long Size, string Name, string Module);

    /// <summary>The files kldstat lists: the kernel first, then each module in load order.</summary>
    internal static List<KernelFile> Files(Kernel kernel)
    {
        var modules = kernel.LoadedModules;
        var files = new List<KernelFile> { new(1, modules.Count + 1, KernelAddress, KernelSize, "kernel", "kernel") };
        for (int i = 0; i < modules.Count; i++)
            files.Add(new(i + 2, 1, ModuleBase + (ulong)i * 0x10000, ModuleSize, modules[i] + ".ko", modules[i]));
        return files;
    }

    /// <summary>The file id of a loaded module.</summary>
    internal static int FileId(Kernel kernel, string module) => Files(kernel).Find(f => f.Module == module).Id;

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        bool quiet = false;
        string? byName = null, byModule = null;
        int? byId = null;
        var getopt = new Getopt(args, "dhi:m:n:qv", message => context.Warn(Program, message));
        while (getopt.Next())
        {
            switch (getopt.Option)
            {
                case 'd' or 'h' or 'v': break;
                case 'q': quiet = true; break;
                case 'n': byName = getopt.Argument; break;
                case 'm': byModule = getopt.Argument; break;
                case 'i':
                    if (!int.TryParse(getopt.Argument, NumberStyles.None, CultureInfo.InvariantCulture, out int id))
                        return context.Fail(Program, $"can't find file {getopt.Argument}");
                    byId = id;
                    break;
                default: return Usage(context);
            }
        }
        if (getopt.Remaining.Count > 0)
            return Usage(context);

        var files = Files(context.Kernel);
        if (byModule is not null)
        {
            bool found = files.Exists(f => f.Module == byModule && f.Id != 1);
            if (!found)
                return quiet ? 1 : context.Fail(Program, $"can't find module {byModule}: {ErrnoText.Of(Errno.ENOENT)}");
            if (!quiet)
            {
                context.Out.WriteLine("Id  Refs Name");
                var file = files.Find(f => f.Module == byModule);
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file.Id,3} {file.Refs,4} {byModule}"));
            }
            return 0;
        }
        if (byName is not null)
        {
            string module = KldloadCommand.ModuleName(byName);
            files = files.FindAll(f => f.Module == module);
            if (files.Count == 0)
                return quiet ? 1 : context.Fail(Program, $"can't find file {byName}: {ErrnoText.Of(Errno.ENOENT)}");
        }
        if (byId is int wanted)
        {
            files = files.FindAll(f => f.Id == wanted);
            if (files.Count == 0)
                return quiet ? 1 : context.Fail(Program, $"can't stat file id {wanted}: {ErrnoText.Of(Errno.ENOENT)}");
        }
        if (quiet)
            return 0;
        // printf("Id Refs Address%*c %8s Name\n", POINTER_WIDTH - 7, ' ', "Size") with 18-wide pointers.
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Id Refs Address{new string(' ', 10)}  {"Size",8} Name"));
        foreach (var f in files)
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{f.Id,2} {f.Refs,4} 0x{f.Address:x16} {f.Size,8:x} {f.Name}"));
        return 0;
    }

    private static int Usage(CommandContext context)
    {
        context.Usage("usage: kldstat [-dhqv] [-i id] [-n filename]\n       kldstat [-dq] [-m modname]");
        return 1;
    }
}
