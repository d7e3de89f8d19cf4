using System.Buffers.Binary;
using Epair.Cli.Daemon;

namespace Epair.Tests.Cli.Daemon;

public sealed class ProtocolTests
{
    [Fact]
    public async Task A_request_survives_the_round_trip()
    {
        var stream = new MemoryStream();
        await Protocol.WriteRequestAsync(stream, new Request("/tmp/é", ["ifconfig", "epair", "create", ""]));
        stream.Position = 0;
        var request = await Protocol.ReadRequestAsync(stream);
        Assert.Equal("/tmp/é", request.WorkingDirectory);
        Assert.Equal(["ifconfig", "epair", "create", ""], request.Arguments);
    }

    [Fact]
    public async Task A_response_relays_both_streams_and_the_status()
    {
        var stream = new MemoryStream();
        await Protocol.WriteOutputAsync(stream, ResponseKind.Stdout, "out\n");
        await Protocol.WriteOutputAsync(stream, ResponseKind.Stderr, "err\n");
        await Protocol.WriteExitAsync(stream, 64);
        stream.Position = 0;
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        Assert.Equal(64, await Protocol.ReadResponseAsync(stream, stdout, stderr));
        Assert.Equal("out\n"u8.ToArray(), stdout.ToArray());
        Assert.Equal("err\n"u8.ToArray(), stderr.ToArray());
    }

    public static TheoryData<byte[]> MalformedBodies => new()
    {
        "XXXX\0\0\0\u0001\0\0\0\0"u8.ToArray(),                 // bad magic
        "EPR1\0\0\0\0"u8.ToArray(),                              // no working directory
        "EPR1\u007f\u00ff\u00ff\u00ff\0\0\0\0"u8.ToArray(),      // absurd count
        "EPR1\0\0\0\u0001\0\0\0\u0009abc"u8.ToArray(),            // string longer than the body
        "EPR1\0\0\0\u0001\0\0\0\u0001/extra"u8.ToArray(),         // trailing bytes
        "EPR1\0\0\0\u0001\0\0\0\u0001"u8.ToArray().Concat(new byte[] { 0xff }).ToArray(), // not UTF-8
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void Malformed_bodies_are_InvalidData(byte[] body) =>
        Assert.Throws<InvalidDataException>(() => Protocol.ParseRequest(body));

    [Fact]
    public async Task An_oversized_length_is_refused_before_reading()
    {
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, Protocol.MaxRequestLength + 1);
        await Assert.ThrowsAsync<InvalidDataException>(() => Protocol.ReadRequestAsync(new MemoryStream(header)));
    }
}
