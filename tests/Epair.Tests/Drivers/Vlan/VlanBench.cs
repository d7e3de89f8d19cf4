using System.Buffers.Binary;
using Epair.Drivers.Epair;
using Epair.Drivers.Vlan;
using Epair.Frames;
using Epair.Interfaces;
using Epair.Vnets;

namespace Epair.Tests.Drivers.Vlan;

/// <summary>
/// The shared set-up of the vlan tests: a kernel with <c>if_epair</c> and <c>if_vlan</c> in direct
/// dispatch, an epair whose ends sit in two vnets (<c>one</c>, <c>two</c>), and the checks every
/// test ends with: no handler fault, no frame leaked.
/// </summary>
internal sealed class VlanBench : IDisposable
{
    private readonly List<HandlerFault> _faults = [];
    private readonly long _outstandingAtStart;

    public VlanBench(bool twoVnets = true)
    {
        var options = new KernelOptions { HostId = 0x1234_5678 };
        options.Modules.Add("if_vlan");
        Kernel = new Kernel(options);
        Kernel.Sysctl.Set("net.link.epair.dispatch", "direct");
        Kernel.HandlerFaulted += (_, fault) => { lock (_faults) _faults.Add(fault); };
        A = (EpairInterface)Kernel.Host.CreateInterface("epair");
        B = A.Peer;
        One = Kernel.Host;
        Two = Kernel.Host;
        if (twoVnets)
        {
            One = Kernel.CreateVnet("one");
            Two = Kernel.CreateVnet("two");
            Kernel.Host.MoveInterface(A.Name, One);
            Kernel.Host.MoveInterface(B.Name, Two);
        }
        A.Up();
        B.Up();
        _outstandingAtStart = Kernel.Frames.Outstanding;
    }

    public Kernel Kernel { get; }

    /// <summary>epair0a, in <see cref="One"/>.</summary>
    public EpairInterface A { get; }

    /// <summary>epair0b, in <see cref="Two"/>.</summary>
    public EpairInterface B { get; }

    public Vnet One { get; }

    public Vnet Two { get; }

    /// <summary><c>ifconfig vlan create vlan VID vlandev PARENT</c> in the parent's vnet, then up.</summary>
    public VlanInterface Vlan(NetInterface parent, int vid, params string[] more)
    {
        var ifv = (VlanInterface)parent.Vnet.CreateInterface("vlan", ["vlan", vid.ToString(System.Globalization.CultureInfo.InvariantCulture), "vlandev", parent.Name, .. more]);
        ifv.Up();
        return ifv;
    }

    /// <summary>Captures, as bytes, every frame <paramref name="ifp"/> receives; the frames are freed.</summary>
    public static List<byte[]> Capture(NetInterface ifp)
    {
        var frames = new List<byte[]>();
        ifp.InputHandler = (_, frame) =>
        {
            lock (frames)
                frames.Add(frame.Data.ToArray());
            frame.Free();
        };
        return frames;
    }

    /// <summary>A frame from <paramref name="source"/>'s address with <paramref name="payloadLength"/> patterned bytes.</summary>
    public Frame EthernetFrame(NetInterface source, MacAddress destination, ushort etherType = 0x88B5, int payloadLength = 46)
    {
        var frame = Kernel.Frames.Rent(14 + payloadLength);
        var data = frame.Data;
        destination.CopyTo(data);
        source.MacAddress.CopyTo(data[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(data[12..], etherType);
        for (int i = 0; i < payloadLength; i++)
            data[14 + i] = (byte)(i * 7 + 1);
        return frame;
    }

    /// <summary>A frame that already carries an 802.1Q tag for <paramref name="vid"/>.</summary>
    public Frame TaggedFrame(NetInterface source, MacAddress destination, int vid, int pcp = 0, ushort tpid = 0x8100, int payloadLength = 46)
    {
        var frame = EthernetFrame(source, destination, 0x88B5, payloadLength);
        Assert.True(VlanHeader.Insert(frame, tpid, VlanHeader.MakeTag(vid, pcp, 0)));
        return frame;
    }

    /// <summary>Every test's last word: nothing threw inside the data path and every frame came home.</summary>
    public void AssertClean()
    {
        lock (_faults)
            Assert.Empty(_faults);
        Assert.Equal(_outstandingAtStart, Kernel.Frames.Outstanding);
    }

    public void Dispose() => Kernel.Dispose();
}
