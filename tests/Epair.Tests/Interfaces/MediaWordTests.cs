using Epair.Interfaces;

namespace Epair.Tests.Interfaces;

public sealed class MediaWordTests
{
    [Fact]
    public void Constants_are_FreeBSDs_if_media_values()
    {
        Assert.Equal(0x20, MediaWord.IFM_ETHER);
        Assert.Equal(26, MediaWord.IFM_10G_T);
        Assert.Equal(16, MediaWord.IFM_1000_T);
        Assert.Equal(0x00100000, MediaWord.IFM_FDX);
        Assert.Equal(0x00200000, MediaWord.IFM_HDX);
        Assert.Equal(0x3a, MediaWord.Ethernet10GBaseT.Value);
    }

    [Fact]
    public void Type_and_subtype_are_unpacked_from_the_word()
    {
        var word = new MediaWord(MediaWord.IFM_ETHER | MediaWord.IFM_10G_T | MediaWord.IFM_FDX);

        Assert.Equal(MediaWord.IFM_ETHER, word.NetworkType);
        Assert.Equal(MediaWord.IFM_10G_T, word.Subtype);
        Assert.Equal("Ethernet", word.TypeName);
        Assert.Equal("10Gbase-T", word.SubtypeName);
    }

    [Theory]
    [InlineData(0, "autoselect")]
    [InlineData(1, "manual")]
    [InlineData(2, "none")]
    [InlineData(3, "10baseT/UTP")]
    [InlineData(6, "100baseTX")]
    [InlineData(16, "1000baseT")]
    [InlineData(18, "10Gbase-LR")]
    [InlineData(19, "10Gbase-SR")]
    [InlineData(26, "10Gbase-T")]
    [InlineData(25, "unknown subtype")]
    public void Subtype_names_are_ifconfigs(int subtype, string name)
    {
        Assert.Equal(name, new MediaWord(MediaWord.IFM_ETHER | subtype).SubtypeName);
    }

    [Fact]
    public void A_type_other_than_Ethernet_is_unknown()
    {
        Assert.Equal("unknown type", new MediaWord(0x40 | MediaWord.IFM_AUTO).TypeName);
    }

    [Theory]
    [InlineData(0, "10Gbase-T")]
    [InlineData(MediaWord.IFM_FDX, "10Gbase-T <full-duplex>")]
    [InlineData(MediaWord.IFM_HDX, "10Gbase-T <half-duplex>")]
    [InlineData(MediaWord.IFM_FDX | MediaWord.IFM_HDX, "10Gbase-T <full-duplex,half-duplex>")]
    public void Describe_lists_options_in_angle_brackets(int options, string text)
    {
        Assert.Equal(text, new MediaWord(MediaWord.Ethernet10GBaseT.Value | options).Describe());
    }
}
