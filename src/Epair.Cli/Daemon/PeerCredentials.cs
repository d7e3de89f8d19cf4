using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Epair.Cli.Daemon;

/// <summary>
/// Who is at the other end of a Unix socket (<c>SO_PEERCRED</c>). The socket file's mode keeps
/// other users out already; this is the second lock, for sockets placed in shared directories.
/// </summary>
internal static class PeerCredentials
{
    // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
    private const int UcredSize = 12;

    /// <summary>The peer's uid, or null when the kernel does not tell.</summary>
    public static uint? GetPeerUid(Socket socket)
    {
        Span<byte> ucred = stackalloc byte[UcredSize];
        try
        {
            int length = socket.GetRawSocketOption(Interop.SOL_SOCKET, Interop.SO_PEERCRED, ucred);
            if (length < UcredSize)
                return null;
        }
        catch (SocketException)
        {
            return null;
        }
        return MemoryMarshal.Read<uint>(ucred[4..]);
    }

    /// <summary>True when the peer runs as the same user as this process.</summary>
    public static bool IsSameUser(Socket socket) => GetPeerUid(socket) == Interop.GetEffectiveUserId();
}
