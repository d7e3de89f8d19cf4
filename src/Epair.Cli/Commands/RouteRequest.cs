using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Epair.Inet.Ipv4.Routing;
using Epair.Interfaces;
using Epair.Vnets;

namespace Epair.Cli.Commands;

/// <summary>
/// One <c>route add|delete|change|get</c> as route.c's <c>newroute</c> reads it: modifiers
/// (<c>-net</c>, <c>-host</c>, <c>-inet6</c>, <c>-netmask M</c>, <c>-prefixlen N</c>,
/// <c>-interface</c>, <c>-ifp IF</c>, <c>-blackhole</c>, <c>-reject</c>, …) anywhere, then the
/// destination, the gateway and a netmask as plain words.
/// </summary>
internal sealed class RouteRequest
{
    public required string Command { get; init; }
    public AddressFamily Family { get; private set; } = AddressFamily.Unspecified;
    /// <summary>The destination word as route prints it back (<c>198.51.100.0</c> of <c>198.51.100.0/24</c>).</summary>
    public string DestinationText { get; private set; } = "";
    /// <summary>The gateway word as typed, or empty.</summary>
    public string GatewayText { get; private set; } = "";
    public IPAddress Destination { get; private set; } = IPAddress.Any;
    public int PrefixLength { get; private set; }
    public bool IsHost { get; private set; }
    /// <summary>True when the user gave a mask or length (route get then wants that exact prefix).</summary>
    public bool HasMask { get; private set; }
    public IPAddress? Gateway { get; private set; }
    /// <summary>The interface a route without gateway leaves by (<c>-interface IF</c>, <c>-ifp IF</c>).</summary>
    public NetInterface? Interface { get; private set; }
    public RouteFlags Flags { get; private set; }

    private bool _viaInterface, _forceHost, _forceNet;
    private string? _netmask, _prefixLength, _ifp;
    private readonly List<string> _words = [];

    /// <summary>Modifiers that take the next word as their value (ignored ones included).</summary>
    private static readonly HashSet<string> s_valued =
    [
        "netmask", "prefixlen", "ifp", "ifa", "genmask", "gateway", "dst", "fib", "mtu", "hopcount", "expire",
        "recvpipe", "sendpipe", "ssthresh", "rtt", "rttvar", "weight", "label",
    ];

    /// <summary>Modifiers that change nothing here.</summary>
    private static readonly HashSet<string> s_ignored =
        ["static", "nostatic", "proto1", "proto2", "proto3", "llinfo", "xresolve", "lock", "lockrest", "proxy", "cloning"];

    /// <summary>Reads the words after the command; on failure <paramref name="error"/> says how route would have failed.</summary>
    public static RouteRequest? Parse(string command, IReadOnlyList<string> args, int start, AddressFamily family, Vnet vnet,
        out RouteFailure? error)
    {
        var request = new RouteRequest { Command = command, Family = family };
        error = request.ReadWords(args, start) ?? request.Interpret(vnet);
        return error is null ? request : null;
    }

    private RouteFailure? ReadWords(IReadOnlyList<string> args, int start)
    {
        for (int i = start; i < args.Count; i++)
        {
            var word = args[i];
            if (word.Length == 0 || word[0] != '-')
            {
                _words.Add(word);
                continue;
            }
            var key = word[1..];
            if (s_valued.Contains(key))
            {
                if (++i >= args.Count)
                    return RouteFailure.Usage(null);
                if (!TakeValue(key, args[i], out var failure))
                    return failure;
                continue;
            }
            switch (key)
            {
                case "4" or "inet": Family = AddressFamily.InterNetwork; break;
                case "6" or "inet6": Family = AddressFamily.InterNetworkV6; break;
                case "net": _forceNet = true; break;
                case "host": _forceHost = true; break;
                case "interface" or "iface": _viaInterface = true; break;
                case "blackhole": Flags |= RouteFlags.Blackhole; break;
                case "reject": Flags |= RouteFlags.Reject; break;
                default:
                    if (!s_ignored.Contains(key))
                        return RouteFailure.Usage(key);
                    break;
            }
        }
        return null;
    }

    private bool TakeValue(string key, string value, out RouteFailure? failure)
    {
        failure = null;
        switch (key)
        {
            case "netmask": _netmask = value; break;
            case "prefixlen": _prefixLength = value; break;
            case "ifp": _ifp = value; break;
            case "gateway": GatewayText = value; _words.Insert(Math.Min(1, _words.Count), value); break;
            case "dst": _words.Insert(0, value); break;
            case "fib":
                // One FIB (net.fibs=1): fib 0 is the table; any other is not there.
                if (value != "0")
                    failure = new RouteFailure($"fib number {value} is ignored", null, 1);
                break;
        }
        return failure is null;
    }

    private RouteFailure? Interpret(Vnet vnet)
    {
        if (_words.Count == 0)
            return RouteFailure.Usage(null);
        if (Family == AddressFamily.Unspecified)
            Family = _words[0].Contains(':', StringComparison.Ordinal) ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        DestinationText = _words[0];
        var failure = Family == AddressFamily.InterNetwork ? Destination4(_words[0]) : Destination6(_words[0], vnet);
        if (failure is not null)
            return failure;
        if (_words.Count > 1)
        {
            GatewayText = _words[1];
            failure = ReadGateway(_words[1], vnet);
            if (failure is not null)
                return failure;
        }
        if (_words.Count > 2)
            _netmask ??= _words[2];
        failure = ApplyMask();
        if (failure is not null)
            return failure;
        if (_ifp is not null)
        {
            Interface = vnet.FindInterface(_ifp);
            if (Interface is null)
                return new RouteFailure($"bad address: {_ifp}", null, ExitCodes.NoHost);
        }
        if (_forceHost)
        {
            IsHost = true;
            PrefixLength = MaxLength;
            HasMask = false;
        }
        if (_forceNet)
            IsHost = false;
        return null;
    }

    private int MaxLength => Family == AddressFamily.InterNetwork ? 32 : 128;

    // getaddr(RTAX_DST) for inet: default, A/N, a host, or a network whose mask comes from its trailing zero bytes.
    private RouteFailure? Destination4(string word)
    {
        if (word == "default")
        {
            SetNet(IPAddress.Any, 0);
            return null;
        }
        int slash = word.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var text = word[..slash];
            DestinationText = text;
            if (!RouteAddress.ParseNetwork(text, out uint net) ||
                !int.TryParse(word.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int bits) || bits > 32)
                return BadAddress(text);
            MakeNetAndMask(net, bits);
            return null;
        }
        if (!_forceNet && RouteAddress.TryParse4(word, out var host))
        {
            uint value = RouteAddress.ToUInt(host);
            if (_forceHost || RouteAddress.HostPart(value) != 0)
            {
                Destination = host;
                PrefixLength = 32;
                IsHost = true;
                return null;
            }
            MakeNetAndMask(value, 0);
            return null;
        }
        if (!_forceHost && RouteAddress.ParseNetwork(word, out uint network))
        {
            MakeNetAndMask(network, 0);
            return null;
        }
        return BadAddress(word);
    }

    // getaddr(RTAX_DST) for inet6: default, A/N, or a host (:: alone is the default network).
    private RouteFailure? Destination6(string word, Vnet vnet)
    {
        if (word == "default")
        {
            SetNet(IPAddress.IPv6Any, 0);
            return null;
        }
        int slash = word.IndexOf('/', StringComparison.Ordinal);
        var text = slash < 0 ? word : word[..slash];
        if (!RouteAddress.TryParse6(text, vnet, out var address))
            return NoName(text);
        if (slash >= 0)
        {
            if (!int.TryParse(word.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int bits) || bits > 128)
                return new RouteFailure($"{word[(slash + 1)..]}: invalid prefixlen", null, ExitCodes.Usage);
            Destination = address;
            PrefixLength = bits;
            IsHost = bits == 128;
            HasMask = !IsHost;
            return null;
        }
        Destination = address;
        bool unspecified = address.Equals(IPAddress.IPv6Any);
        PrefixLength = unspecified ? 0 : 128;
        IsHost = !unspecified;
        HasMask = unspecified;
        return null;
    }

    private RouteFailure? ReadGateway(string word, Vnet vnet)
    {
        if (_viaInterface)
        {
            var ifp = vnet.FindInterface(word);
            if (ifp is not null)
            {
                Interface = ifp;
                return null;
            }
        }
        if (Family == AddressFamily.InterNetwork)
        {
            if (!RouteAddress.TryParse4(word, out var gateway))
                return BadAddress(word);
            if (_viaInterface)
                return InterfaceOf(gateway, vnet);
            Gateway = gateway;
            return null;
        }
        if (!RouteAddress.TryParse6(word, vnet, out var gateway6))
            return NoName(word);
        if (_viaInterface)
            return InterfaceOf(gateway6, vnet);
        Gateway = gateway6;
        return null;
    }

    // -interface with an address: the route leaves by the interface that has it (ifa_ifwithaddr).
    private RouteFailure? InterfaceOf(IPAddress address, Vnet vnet)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            foreach (var ia in vnet.Inet.Ipv4.Addresses)
            {
                if (ia.Address.Equals(address))
                    Interface = ia.Interface;
            }
        }
        else
        {
            foreach (var ifp in vnet.Interfaces)
            {
                foreach (var ia in vnet.Inet.Ipv6.GetAddresses(ifp))
                {
                    if (new IPAddress(ia.Address.GetAddressBytes()).Equals(new IPAddress(address.GetAddressBytes())))
                        Interface = ifp;
                }
            }
        }
        return Interface is null ? new RouteFailure(null, Errno.ENETUNREACH, 1) : null;
    }

    private RouteFailure? ApplyMask()
    {
        if (_netmask is not null)
        {
            if (!TryParseMask(_netmask, out int bits))
                return BadAddress(_netmask);
            PrefixLength = bits;
            IsHost = false;
            HasMask = true;
            _forceNet = true;
        }
        if (_prefixLength is not null)
        {
            if (!int.TryParse(_prefixLength, NumberStyles.None, CultureInfo.InvariantCulture, out int bits) || bits > MaxLength)
                return new RouteFailure($"{_prefixLength}: invalid prefixlen", null, ExitCodes.Usage);
            PrefixLength = bits;
            // prefixlen(): a full-length prefix makes a host route.
            IsHost = bits == MaxLength;
            HasMask = !IsHost;
            _forceNet = !IsHost;
        }
        return null;
    }

    private bool TryParseMask(string text, out int bits)
    {
        bits = 0;
        if (!IPAddress.TryParse(text, out var mask) || mask.AddressFamily != (Family == AddressFamily.InterNetwork ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6))
            return false;
        bool ended = false;
        foreach (byte b in mask.GetAddressBytes())
        {
            for (int bit = 7; bit >= 0; bit--)
            {
                bool set = (b & (1 << bit)) != 0;
                if (set && ended)
                    return false;
                if (set)
                    bits++;
                else
                    ended = true;
            }
        }
        return true;
    }

    private void SetNet(IPAddress address, int length)
    {
        Destination = address;
        PrefixLength = length;
        IsHost = false;
        HasMask = true;
    }

    // inet_makenetandmask: without /N, the mask ends where the trailing zero bytes begin.
    private void MakeNetAndMask(uint net, int bits)
    {
        if (net > 0)
        {
            while ((net & 0xFF000000) == 0)
                net <<= 8;
        }
        if (bits == 0 && net != 0)
        {
            int i = 0;
            for (uint j = 0xFF; i < 4 && (net & j) == 0; i++, j <<= 8)
            {
            }
            bits = 32 - i * 8;
        }
        SetNet(RouteAddress.FromUInt(net), bits);
    }

    private static RouteFailure BadAddress(string word) => new($"bad address: {word}", null, ExitCodes.NoHost);

    // getaddrinfo's EAI_NONAME, as route reports it for an inet6 word.
    private static RouteFailure NoName(string word) => new($"{word}: Name does not resolve", null, ExitCodes.OsError);
}
