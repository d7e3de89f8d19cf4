using System.Net.Sockets;
using System.Text;

namespace Epair.Cli.Daemon;

/// <summary>
/// A running command's output on its way to the client: both of its writers feed one ordered
/// buffer, sent as a frame when the command flushes, at each line of stderr (unbuffered in
/// FreeBSD's stdio), when the other stream starts writing, or when much has piled up. A client
/// that went away turns every later write into nothing and calls <c>clientGone</c> once.
/// </summary>
internal sealed class ResponseStream
{
    // Enough to batch a burst of lines, small enough that a slow reader sees output soon.
    private const int FlushThreshold = 16 * 1024;

    private readonly Stream _stream;
    private readonly Action _clientGone;
    private readonly Lock _gate = new();
    private readonly StringBuilder _pending = new();
    private ResponseKind _kind = ResponseKind.Stdout;
    private bool _broken;

    public ResponseStream(Stream stream, Action clientGone)
    {
        _stream = stream;
        _clientGone = clientGone;
        Out = new Writer(this, ResponseKind.Stdout);
        Err = new Writer(this, ResponseKind.Stderr);
    }

    /// <summary>The command's standard output.</summary>
    public TextWriter Out { get; }

    /// <summary>The command's standard error.</summary>
    public TextWriter Err { get; }

    /// <summary>True once a write to the client failed.</summary>
    public bool IsBroken
    {
        get
        {
            lock (_gate)
                return _broken;
        }
    }

    private void Append(ResponseKind kind, ReadOnlySpan<char> text)
    {
        bool failed = false;
        lock (_gate)
        {
            if (_broken)
                return;
            if (kind != _kind && _pending.Length > 0)
                failed = !Send();
            _kind = kind;
            _pending.Append(text);
            if (!failed && (_pending.Length >= FlushThreshold || (kind == ResponseKind.Stderr && text.Contains('\n'))))
                failed = !Send();
        }
        // Outside the lock: cancelling runs the command's callbacks, which may write again.
        if (failed)
            _clientGone();
    }

    /// <summary>Sends what is pending.</summary>
    public void Flush()
    {
        bool failed;
        lock (_gate)
            failed = !_broken && _pending.Length > 0 && !Send();
        if (failed)
            _clientGone();
    }

    // False when the client is gone; nothing is sent after that.
    private bool Send()
    {
        string text = _pending.ToString();
        _pending.Clear();
        try
        {
            Protocol.WriteOutput(_stream, _kind, text);
            return true;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            _broken = true;
            return false;
        }
    }

    private sealed class Writer : TextWriter
    {
        private readonly ResponseStream _owner;
        private readonly ResponseKind _kind;

        public Writer(ResponseStream owner, ResponseKind kind)
        {
            _owner = owner;
            _kind = kind;
            CoreNewLine = ['\n'];
        }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => _owner.Append(_kind, [value]);

        public override void Write(string? value) => _owner.Append(_kind, value);

        public override void Write(char[] buffer, int index, int count) => _owner.Append(_kind, buffer.AsSpan(index, count));

        public override void Write(ReadOnlySpan<char> buffer) => _owner.Append(_kind, buffer);

        public override void WriteLine(string? value) => _owner.Append(_kind, (value ?? "") + "\n");

        public override void Flush() => _owner.Flush();
    }
}
