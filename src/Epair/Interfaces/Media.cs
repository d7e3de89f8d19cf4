using System.Text;

namespace Epair.Interfaces;

/// <summary>
/// An <c>ifmedia</c> word: network type, subtype and options packed as in FreeBSD's
/// <c>net/if_media.h</c>.
/// </summary>
/// <param name="Value">The packed word.</param>
public readonly record struct MediaWord(int Value)
{
    /// <summary><c>IFM_ETHER</c>.</summary>
    public const int IFM_ETHER = 0x20;
    /// <summary><c>IFM_AUTO</c>.</summary>
    public const int IFM_AUTO = 0;
    /// <summary><c>IFM_NONE</c>.</summary>
    public const int IFM_NONE = 2;
    /// <summary><c>IFM_1000_T</c>.</summary>
    public const int IFM_1000_T = 16;
    /// <summary><c>IFM_10G_T</c>.</summary>
    public const int IFM_10G_T = 26;
    /// <summary><c>IFM_FDX</c>: full duplex.</summary>
    public const int IFM_FDX = 0x00100000;
    /// <summary><c>IFM_HDX</c>: half duplex.</summary>
    public const int IFM_HDX = 0x00200000;
    /// <summary><c>IFM_TMASK</c>: the subtype bits.</summary>
    public const int IFM_TMASK = 0x1f;
    /// <summary><c>IFM_NMASK</c>: the network type bits.</summary>
    public const int IFM_NMASK = 0xe0;
    /// <summary><c>IFM_GMASK</c>: the global option bits.</summary>
    public const int IFM_GMASK = 0x0ff00000;

    /// <summary>Ethernet 10Gbase-T, epair's medium.</summary>
    public static MediaWord Ethernet10GBaseT => new(IFM_ETHER | IFM_10G_T);

    /// <summary>The subtype bits.</summary>
    public int Subtype => Value & IFM_TMASK;

    /// <summary>The network type bits.</summary>
    public int NetworkType => Value & IFM_NMASK;

    /// <summary>The network type name ifconfig prints, such as <c>Ethernet</c>.</summary>
    public string TypeName => NetworkType == IFM_ETHER ? "Ethernet" : "unknown type";

    /// <summary>The subtype name ifconfig prints, such as <c>10Gbase-T</c>.</summary>
    public string SubtypeName => Subtype switch
    {
        IFM_AUTO => "autoselect",
        1 => "manual",
        IFM_NONE => "none",
        3 => "10baseT/UTP",
        6 => "100baseTX",
        IFM_1000_T => "1000baseT",
        18 => "10Gbase-LR",
        19 => "10Gbase-SR",
        IFM_10G_T => "10Gbase-T",
        _ => "unknown subtype",
    };

    /// <summary>The subtype followed by its options, as ifconfig prints it (<c>10Gbase-T &lt;full-duplex&gt;</c>).</summary>
    public string Describe() => OptionsText is { } options ? $"{SubtypeName} <{options}>" : SubtypeName;

    /// <summary>The options, comma-separated as ifconfig names them (<c>full-duplex</c>), or null for none.</summary>
    public string? OptionsText
    {
        get
        {
            var options = new List<string>();
            if ((Value & IFM_FDX) != 0)
                options.Add("full-duplex");
            if ((Value & IFM_HDX) != 0)
                options.Add("half-duplex");
            return options.Count > 0 ? string.Join(',', options) : null;
        }
    }
}

/// <summary>Media status bits (<c>ifm_status</c>).</summary>
[Flags]
public enum MediaStatus
{
    /// <summary>Nothing known.</summary>
    None = 0,
    /// <summary><c>IFM_AVALID</c>: the active bit is valid.</summary>
    Valid = 0x1,
    /// <summary><c>IFM_ACTIVE</c>: the interface is attached to a live network.</summary>
    Active = 0x2,
}

/// <summary>What <c>SIOCGIFMEDIA</c> answers: the configured and the active medium, and the status.</summary>
/// <param name="Current">The medium configured (<c>ifm_current</c>).</param>
/// <param name="Active">The medium in use (<c>ifm_active</c>).</param>
/// <param name="Status">Link status bits (<c>ifm_status</c>).</param>
/// <param name="Supported">Every medium the interface offers (<c>ifm_ulist</c>).</param>
public sealed record MediaInfo(MediaWord Current, MediaWord Active, MediaStatus Status, IReadOnlyList<MediaWord> Supported)
{
    /// <summary>The <c>media:</c> text of ifconfig, for example <c>Ethernet 10Gbase-T (10Gbase-T &lt;full-duplex&gt;)</c>.</summary>
    public string Describe()
    {
        var text = $"{Current.TypeName} {Current.Describe()}";
        return Active != Current ? $"{text} ({Active.Describe()})" : text;
    }

    /// <summary>The <c>status:</c> text of ifconfig (<c>active</c> or <c>no carrier</c>).</summary>
    public string DescribeStatus() =>
        (Status & MediaStatus.Valid) == 0 ? "" : (Status & MediaStatus.Active) != 0 ? "active" : "no carrier";
}
