using System.Buffers.Binary;
using System.Text;

namespace Epair.Cli.Daemon;

/// <summary>What a client asks the daemon: run <see cref="Arguments"/> as if from <see cref="WorkingDirectory"/>.</summary>
/// <param name="WorkingDirectory">The client's working directory (commands that take paths resolve against it).</param>
/// <param name="Arguments">The command line after <c>epair</c>, such as <c>ifconfig epair create</c>.</param>
internal sealed record Request(string WorkingDirectory, IReadOnlyList<string> Arguments);

/// <summary>The kinds of response frame.</summary>
internal enum ResponseKind : byte
{
    /// <summary>A chunk of the command's standard output.</summary>
    Stdout = 1,
    /// <summary>A chunk of the command's standard error.</summary>
    Stderr = 2,
    /// <summary>The exit status, a 32-bit big-endian integer; always the last frame.</summary>
    Exit = 3,
}

/// <summary>
/// The wire format between client and daemon, small enough to read in one sitting.
/// A request is one frame: a 32-bit big-endian length, then the magic <c>EPR1</c>, a 32-bit
/// string count and that many strings (32-bit length, UTF-8 bytes): the working directory
/// first, then the arguments. The response is a run of frames (kind byte, 32-bit length,
/// payload): stdout and stderr chunks in the order written, and one exit frame last, so a
/// long command (ping) can stream. While it waits, the client may send single bytes: a signal
/// number (<see cref="SignalInterrupt"/>, <see cref="SignalTerminate"/>) when the user presses
/// Ctrl-C or the client is told to stop. Closing its side (or dying) means the same.
/// </summary>
internal static class Protocol
{
    /// <summary>The byte a client sends for SIGINT.</summary>
    public const byte SignalInterrupt = 2;

    /// <summary>The byte a client sends for SIGTERM.</summary>
    public const byte SignalTerminate = 15;

    /// <summary>Requests larger than this are refused unread, so a stray writer cannot make the daemon allocate at will.</summary>
    public const int MaxRequestLength = 1 << 20;

    /// <summary>Response frames larger than this are refused by the client.</summary>
    public const int MaxResponseFrame = 64 << 20;

    private static ReadOnlySpan<byte> Magic => "EPR1"u8;

    /// <summary>Sends a request.</summary>
    public static async Task WriteRequestAsync(Stream stream, Request request, CancellationToken cancellationToken = default)
    {
        var body = new MemoryStream();
        body.Write(Magic);
        WriteInt32(body, request.Arguments.Count + 1);
        WriteString(body, request.WorkingDirectory);
        foreach (var argument in request.Arguments)
            WriteString(body, argument);
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, (int)body.Length);
        body.GetBuffer().AsSpan(0, (int)body.Length).CopyTo(frame.AsSpan(4));
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a request; <see cref="InvalidDataException"/> when it is not one.</summary>
    public static async Task<Request> ReadRequestAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var header = new byte[4];
        await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        int length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length < Magic.Length + 4 || length > MaxRequestLength)
            throw new InvalidDataException($"request length {length} out of range");
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        return ParseRequest(body);
    }

    /// <summary>Parses a request body (without its length prefix).</summary>
    public static Request ParseRequest(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
            throw new InvalidDataException("bad magic");
        int offset = Magic.Length;
        int count = ReadInt32(body, ref offset);
        // Every string takes at least its 4-byte length, which bounds a lying count.
        if (count < 1 || count > (body.Length - offset) / 4)
            throw new InvalidDataException($"string count {count} out of range");
        var strings = new string[count];
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        for (int i = 0; i < count; i++)
        {
            int length = ReadInt32(body, ref offset);
            if (length < 0 || length > body.Length - offset)
                throw new InvalidDataException($"string length {length} out of range");
            try
            {
                strings[i] = utf8.GetString(body.Slice(offset, length));
            }
            catch (DecoderFallbackException)
            {
                throw new InvalidDataException("string is not UTF-8");
            }
            offset += length;
        }
        if (offset != body.Length)
            throw new InvalidDataException("trailing bytes after the last string");
        return new Request(strings[0], strings[1..]);
    }

    /// <summary>Sends one output chunk; empty text sends nothing.</summary>
    public static async Task WriteOutputAsync(Stream stream, ResponseKind kind, string text, CancellationToken cancellationToken = default)
    {
        if (text.Length == 0)
            return;
        var payload = Encoding.UTF8.GetBytes(text);
        await WriteFrameAsync(stream, kind, payload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends one output chunk from a command's thread (commands are synchronous); empty text sends nothing.</summary>
    public static void WriteOutput(Stream stream, ResponseKind kind, string text)
    {
        if (text.Length == 0)
            return;
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[5 + payload.Length];
        frame[0] = (byte)kind;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), payload.Length);
        payload.CopyTo(frame, 5);
        stream.Write(frame);
        stream.Flush();
    }

    /// <summary>Sends the exit status, the last frame of a response.</summary>
    public static async Task WriteExitAsync(Stream stream, int exitCode, CancellationToken cancellationToken = default)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(payload, exitCode);
        await WriteFrameAsync(stream, ResponseKind.Exit, payload, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a response, copying output chunks to <paramref name="stdout"/> and
    /// <paramref name="stderr"/> as they come, and returns the exit status. When standard
    /// output cannot be written any more (a closed pipe: <c>epair tcpdump | head</c>), the rest
    /// of it is discarded and <paramref name="outputClosed"/> is called once, as SIGPIPE would be.
    /// </summary>
    public static async Task<int> ReadResponseAsync(Stream stream, Stream stdout, Stream stderr,
        Action? outputClosed = null, CancellationToken cancellationToken = default)
    {
        bool stdoutOpen = true;
        var header = new byte[5];
        while (true)
        {
            await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
            var kind = (ResponseKind)header[0];
            int length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
            if (length < 0 || length > MaxResponseFrame)
                throw new InvalidDataException($"response frame length {length} out of range");
            var payload = new byte[length];
            await stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
            switch (kind)
            {
                case ResponseKind.Stdout when stdoutOpen:
                    try
                    {
                        await stdout.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
                        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException)
                    {
                        stdoutOpen = false;
                        outputClosed?.Invoke();
                    }
                    break;
                case ResponseKind.Stdout:
                    break;
                case ResponseKind.Stderr:
                    await stderr.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
                    await stderr.FlushAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case ResponseKind.Exit when length == 4:
                    return BinaryPrimitives.ReadInt32BigEndian(payload);
                default:
                    throw new InvalidDataException($"unknown response frame {(byte)kind}");
            }
        }
    }

    private static async Task WriteFrameAsync(Stream stream, ResponseKind kind, byte[] payload, CancellationToken cancellationToken)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = (byte)kind;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), payload.Length);
        payload.CopyTo(frame, 5);
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
    }

    private static void WriteInt32(Stream stream, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void WriteString(Stream stream, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteInt32(stream, bytes.Length);
        stream.Write(bytes);
    }

    private static int ReadInt32(ReadOnlySpan<byte> body, ref int offset)
    {
        if (body.Length - offset < 4)
            throw new InvalidDataException("truncated request");
        int value = BinaryPrimitives.ReadInt32BigEndian(body[offset..]);
        offset += 4;
        return value;
    }
}
