using Epair.Inet;

namespace Epair.Tests.Inet;

public class PingTimingTests
{
    [Fact]
    public void Without_a_reply_ping_waits_the_wait_time() =>
        Assert.Equal(TimeSpan.FromMilliseconds(250), PingTiming.AfterLastRequest(0, 0, TimeSpan.FromMilliseconds(250)));

    [Theory]
    [InlineData(0.4, 1)]     // 2 × tmax rounds down to 0 s: at least one second
    [InlineData(499.0, 1)]
    [InlineData(1000.0, 2)]
    [InlineData(1700.0, 3)]  // 3.4 s in whole seconds
    public void After_a_reply_ping_waits_two_of_the_longest_round_trips_in_whole_seconds(double longestMs, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), PingTiming.AfterLastRequest(1, longestMs, TimeSpan.FromMilliseconds(1)));
}
