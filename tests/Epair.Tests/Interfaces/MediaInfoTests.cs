using Epair.Interfaces;

namespace Epair.Tests.Interfaces;

public sealed class MediaInfoTests
{
    private static readonly MediaWord s_current = MediaWord.Ethernet10GBaseT;
    private static readonly MediaWord s_active = new(MediaWord.Ethernet10GBaseT.Value | MediaWord.IFM_FDX);

    [Fact]
    public void Describe_prints_the_active_medium_in_parentheses_when_it_differs()
    {
        var info = new MediaInfo(s_current, s_active, MediaStatus.Valid | MediaStatus.Active, [s_current]);

        // What ifconfig prints for an epair.
        Assert.Equal("Ethernet 10Gbase-T (10Gbase-T <full-duplex>)", info.Describe());
    }

    [Fact]
    public void Describe_omits_the_active_medium_when_it_is_the_current_one()
    {
        var info = new MediaInfo(s_active, s_active, MediaStatus.Valid, [s_active]);

        Assert.Equal("Ethernet 10Gbase-T <full-duplex>", info.Describe());
    }

    [Theory]
    [InlineData(MediaStatus.Valid | MediaStatus.Active, "active")]
    [InlineData(MediaStatus.Valid, "no carrier")]
    [InlineData(MediaStatus.None, "")]
    [InlineData(MediaStatus.Active, "")]
    public void DescribeStatus_follows_the_valid_and_active_bits(MediaStatus status, string text)
    {
        var info = new MediaInfo(s_current, s_active, status, [s_current]);

        Assert.Equal(text, info.DescribeStatus());
    }
}
