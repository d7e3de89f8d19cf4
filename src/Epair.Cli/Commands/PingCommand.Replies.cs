using Epair.Inet.Ipv4.Icmp;
using Epair.Inet.Ipv6;

namespace Epair.Cli.Commands;

// How ping prints replies as they come (-q, -Q, -W, -o, -f).
internal static partial class PingCommand
{
    /// <summary>
    /// Prints replies as they come (on the stack's threads, one line at a time, flushed so the
    /// client sees it now), applying -q, -Q, -v, -W, -o and -f as pr_pack does.
    /// </summary>
    private sealed class ReplyPrinter(CommandContext context, PingRequest request, CancellationTokenSource stop)
    {
        private readonly Lock _gate = new();

        public int OutOfWaitTime { get; private set; }

        public void Print4(PingReply reply)
        {
            if (!reply.IsEchoReply)
            {
                // -q keeps errors; -Q drops them.
                if (!request.QuietErrors)
                    Write(reply.ToString(request.Timing) + "\n");
                return;
            }
            if (!request.Quiet && !LateForWait(reply.RoundTripTime ?? TimeSpan.Zero))
                Write(request.Flood ? Backspace : reply.ToString(request.Timing) + "\n");
            if (request.Once && !reply.IsDuplicate)
                stop.Cancel();
        }

        public void Print6(Ping6Reply reply)
        {
            if (reply.IsError)
            {
                // Without -v ping6's ICMPv6 filter lets only echo replies in.
                if (request.Verbose)
                    Write(reply.ToString(request.Timing) + "\n");
                return;
            }
            if (!request.Quiet && !LateForWait(reply.RoundTripTime))
                Write(request.Flood ? Backspace : Format(reply) + "\n");
            if (request.Once && !reply.IsDuplicate)
                stop.Cancel();
        }

        // -f: a dot for every request, a backspace for every reply, so the dots left are the losses.
        private const string Dot = ".";
        private const string Backspace = "\b";

        /// <summary>A request went out: -f prints its dot (not with -q).</summary>
        public void Sent()
        {
            if (request.Flood && !request.Quiet)
                Write(Dot);
        }

        public void Write(string text)
        {
            lock (_gate)
            {
                context.Out.Write(text);
                context.Out.Flush();
            }
        }

        private string Format(Ping6Reply reply)
        {
            var line = reply.ToString(request.Timing);
            if (reply.From.ScopeId == 0)
                return line;
            return line.Replace(reply.From.ToString(), Format6(context, reply.From), StringComparison.Ordinal);
        }

        // -W: a reply later than the wait time is counted, not printed.
        private bool LateForWait(TimeSpan roundTrip)
        {
            if (request.WaitMilliseconds is not { } wait || roundTrip.TotalMilliseconds <= wait)
                return false;
            lock (_gate)
                OutOfWaitTime++;
            return true;
        }
    }
}
