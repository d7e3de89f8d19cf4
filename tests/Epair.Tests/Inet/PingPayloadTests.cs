using Epair.Inet;

namespace Epair.Tests.Inet;

public sealed class PingPayloadTests
{
    [Fact]
    public void Without_a_pattern_the_data_counts_up()
    {
        var data = new byte[20];

        PingPayload.Fill(data, []);

        Assert.Equal(Enumerable.Range(0, 20).Select(i => (byte)i), data);
    }

    [Fact]
    public void A_pattern_repeats_after_the_timestamp()
    {
        var data = new byte[13];

        PingPayload.Fill(data, [0xab, 0x0c]);

        // The first eight bytes are the timestamp's (written by the sender); then ab 0c ab 0c ab.
        Assert.Equal([0xab, 0x0c, 0xab, 0x0c, 0xab], data[8..]);
    }
}
