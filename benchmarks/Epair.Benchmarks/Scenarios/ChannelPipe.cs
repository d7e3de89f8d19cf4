using System.Threading.Channels;
using Epair.Frames;

namespace Epair.Benchmarks.Scenarios;

/// <summary>
/// The baseline: the same pooled frames carried by a bounded <see cref="Channel{T}"/> from the
/// sender to a consumer task that frees them, written the way a .NET developer would write the
/// fastest version: <c>TryWrite</c> with an awaited <c>WriteAsync</c> when full, and a consumer
/// that drains with <c>TryRead</c> before it awaits <c>WaitToReadAsync</c>.
/// </summary>
internal sealed class ChannelPipe : IFrameScenario
{
    private readonly Kernel _kernel;
    private readonly FramePool _pool;
    private readonly Channel<Frame> _channel;
    private readonly Task _consumer;
    private long _consumed;

    public ChannelPipe(int capacity = EpairPair.QueueLimit)
    {
        // A kernel only for its frame pool, so the baseline pays the same rent and free.
        _kernel = new Kernel();
        _pool = _kernel.Frames;
        PoolWarmer.Fill(_pool, capacity);
        _channel = Channel.CreateBounded<Frame>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _consumer = Task.Run(ConsumeAsync);
    }

    public string Name => "channel";

    public long OutstandingFrames => _pool.Outstanding;

    public BatchResult Send(int frames) => SendAsync(frames).GetAwaiter().GetResult();

    // The channel never drops: a full channel makes the writer wait.
    private async Task<BatchResult> SendAsync(int frames)
    {
        long consumedBefore = Volatile.Read(ref _consumed);
        var writer = _channel.Writer;
        var pool = _pool;
        for (int i = 0; i < frames; i++)
        {
            var frame = pool.Rent(EpairPair.FrameLength);
            if (!writer.TryWrite(frame))
                await writer.WriteAsync(frame).ConfigureAwait(false);
        }

        var spinner = new SpinWait();
        while (Volatile.Read(ref _consumed) - consumedBefore < frames)
            spinner.SpinOnce(sleep1Threshold: -1);
        return new BatchResult(frames, frames, 0);
    }

    private async Task ConsumeAsync()
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var frame))
            {
                frame.Free();
                // The only writer of the count, as the consumer is single.
                Volatile.Write(ref _consumed, _consumed + 1);
            }
        }
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _consumer.GetAwaiter().GetResult();
        _kernel.Dispose();
    }
}
