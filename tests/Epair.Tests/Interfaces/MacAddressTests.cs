using CsCheck;
using Epair.Interfaces;

namespace Epair.Tests.Interfaces;

public sealed class MacAddressTests
{
    [Theory]
    [InlineData("02:5e:1f:aa:3c:0a", "02:5e:1f:aa:3c:0a")]
    [InlineData("2:5E:1F:AA:3C:A", "02:5e:1f:aa:3c:0a")]
    [InlineData("0:0:0:0:0:0", "00:00:00:00:00:00")]
    [InlineData("ff:ff:ff:ff:ff:ff", "ff:ff:ff:ff:ff:ff")]
    public void Parses_one_or_two_hex_digits_per_octet_and_prints_two_lowercase(string text, string printed)
    {
        Assert.True(MacAddress.TryParse(text, out var mac));
        Assert.Equal(printed, mac.ToString());
        Assert.Equal(mac, MacAddress.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("02:00:00:00:00")]
    [InlineData("02:00:00:00:00:00:00")]
    [InlineData("02:00:00:00:00:100")]
    [InlineData("02:00:00:00::00")]
    [InlineData("02:00:00:00:00:0g")]
    [InlineData("02-00-00-00-00-00")]
    [InlineData("02:00:00:00:00: 1")]
    [InlineData("02:00:00:00:00:-1")]
    public void Refuses_what_ether_aton_refuses(string? text)
    {
        Assert.False(MacAddress.TryParse(text, out var mac));
        Assert.Equal(MacAddress.Zero, mac);
        if (text is not null)
            Assert.Throws<FormatException>(() => MacAddress.Parse(text));
    }

    [Fact]
    public void Octets_are_network_order()
    {
        var mac = MacAddress.Parse("01:23:45:67:89:ab");

        Assert.Equal(0x0123_4567_89abUL, mac.ToUInt64());
        Assert.Equal([0x01, 0x23, 0x45, 0x67, 0x89, 0xab], Enumerable.Range(0, 6).Select(i => mac[i]));
        Assert.Throws<ArgumentOutOfRangeException>(() => mac[6]);
        Assert.Throws<ArgumentOutOfRangeException>(() => mac[-1]);
    }

    [Fact]
    public void Bytes_round_trip_and_short_spans_are_refused()
    {
        byte[] bytes = [0x58, 0x9c, 0xfc, 0x00, 0x01, 0x02, 0xff];
        var mac = new MacAddress(bytes);
        var copy = new byte[6];

        mac.CopyTo(copy);

        Assert.Equal("58:9c:fc:00:01:02", mac.ToString());
        Assert.Equal(bytes[..6], copy);
        Assert.Throws<ArgumentException>(() => new MacAddress(new byte[5]));
    }

    [Fact]
    public void FromUInt64_keeps_the_low_48_bits()
    {
        var mac = MacAddress.FromUInt64(0xFFFF_0000_0000_0001UL);

        Assert.Equal(1UL, mac.ToUInt64());
        Assert.Equal(MacAddress.Broadcast, MacAddress.FromUInt64(ulong.MaxValue));
    }

    [Theory]
    [InlineData("ff:ff:ff:ff:ff:ff", true, true, true)]
    [InlineData("01:00:5e:00:00:01", true, false, false)]
    [InlineData("33:33:00:00:00:01", true, false, true)]
    [InlineData("02:00:00:00:00:0a", false, false, true)]
    [InlineData("58:9c:fc:00:00:01", false, false, false)]
    [InlineData("00:00:00:00:00:00", false, false, false)]
    public void Group_broadcast_and_local_bits(string text, bool multicast, bool broadcast, bool local)
    {
        var mac = MacAddress.Parse(text);

        Assert.Equal(multicast, mac.IsMulticast);
        Assert.Equal(broadcast, mac.IsBroadcast);
        Assert.Equal(local, mac.IsLocallyAdministered);
    }

    [Fact]
    public void Equality_follows_the_value()
    {
        var a = MacAddress.Parse("02:00:00:00:00:01");
        var b = MacAddress.FromUInt64(0x0200_0000_0001UL);
        var c = MacAddress.Parse("02:00:00:00:00:02");

        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a != c);
        Assert.True(a.Equals((object)b));
        Assert.False(a.Equals("02:00:00:00:00:01"));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(default, MacAddress.Zero);
    }

    [Fact]
    public void TryFormat_needs_seventeen_characters()
    {
        var mac = MacAddress.Parse("02:00:00:00:00:01");
        var small = new char[16];
        var exact = new char[17];

        Assert.False(mac.TryFormat(small, out int none, default, null));
        Assert.Equal(0, none);
        Assert.True(mac.TryFormat(exact, out int written, default, null));
        Assert.Equal(17, written);
        Assert.Equal("02:00:00:00:00:01", new string(exact));
        Assert.Equal("02:00:00:00:00:01", $"{mac}");
    }

    [Fact]
    public void Text_and_bytes_round_trip_for_any_address()
    {
        Gen.Byte.Array[6].Sample(bytes =>
        {
            var mac = new MacAddress(bytes);
            var text = mac.ToString();
            var back = new byte[6];
            MacAddress.Parse(text).CopyTo(back);

            Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", text);
            Assert.Equal(bytes, back);
            Assert.Equal(mac, MacAddress.FromUInt64(mac.ToUInt64()));
            Assert.Equal((bytes[0] & 1) != 0, mac.IsMulticast);
        });
    }
}
