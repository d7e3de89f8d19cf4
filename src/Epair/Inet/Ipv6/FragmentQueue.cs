using Epair.Frames;
using Epair.Interfaces;

namespace Epair.Inet.Ipv6;

/// <summary>The fragments of one packet being reassembled (<c>struct ip6q</c>); guarded by the stack lock.</summary>
internal sealed class FragmentQueue(NetInterface ifp, long deadline)
{
    /// <summary>One fragment: its frame, where its data starts in the frame, how long, and its offset in the packet.</summary>
    public readonly record struct Part(Frame Frame, int DataStart, int Length, int Offset);

    public NetInterface Interface { get; } = ifp;

    public long Deadline { get; } = deadline;

    /// <summary>Fragments sorted by offset.</summary>
    public List<Part> Parts { get; } = [];

    /// <summary>Length of the fragmentable part, known once the last fragment (M=0) arrived; -1 before.</summary>
    public int TotalLength { get; set; } = -1;

    /// <summary>From the first fragment: where its fragment header sits (from the IPv6 header), the field naming it, and what follows it.</summary>
    public int FragmentHeaderOffset { get; set; } = -1;

    public int NextHeaderField { get; set; }

    public byte NextHeader { get; set; }

    public void Free()
    {
        foreach (var part in Parts)
            part.Frame.Free();
        Parts.Clear();
    }

    /// <summary>True when <paramref name="offset"/>..+<paramref name="length"/> overlaps a fragment already here.</summary>
    public bool Overlaps(int offset, int length)
    {
        foreach (var p in Parts)
        {
            if (offset < p.Offset + p.Length && p.Offset < offset + length)
                return true;
        }
        return false;
    }

    public void Insert(Part part)
    {
        int i = 0;
        while (i < Parts.Count && Parts[i].Offset < part.Offset)
            i++;
        Parts.Insert(i, part);
    }

    /// <summary>All data from 0 to the total length is here.</summary>
    public bool IsComplete()
    {
        if (TotalLength < 0 || FragmentHeaderOffset < 0)
            return false;
        int next = 0;
        foreach (var p in Parts)
        {
            if (p.Offset != next)
                return false;
            next += p.Length;
        }
        return next == TotalLength;
    }
}
