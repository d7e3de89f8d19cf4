namespace Epair;

/// <summary>
/// FreeBSD's error numbers, with FreeBSD's names and values (<c>sys/errno.h</c>).
/// Hot paths return one of these; <see cref="Errno.None"/> is success.
/// </summary>
public enum Errno
{
    /// <summary>Success.</summary>
    None = 0,
    /// <summary>Operation not permitted.</summary>
    EPERM = 1,
    /// <summary>No such file or directory.</summary>
    ENOENT = 2,
    /// <summary>No such process.</summary>
    ESRCH = 3,
    /// <summary>Interrupted system call.</summary>
    EINTR = 4,
    /// <summary>Input/output error.</summary>
    EIO = 5,
    /// <summary>Device not configured.</summary>
    ENXIO = 6,
    /// <summary>Argument list too long (epair: frame longer than MTU plus a VLAN header).</summary>
    E2BIG = 7,
    /// <summary>Bad file descriptor.</summary>
    EBADF = 9,
    /// <summary>Cannot allocate memory.</summary>
    ENOMEM = 12,
    /// <summary>Permission denied.</summary>
    EACCES = 13,
    /// <summary>Bad address.</summary>
    EFAULT = 14,
    /// <summary>Device busy.</summary>
    EBUSY = 16,
    /// <summary>File exists.</summary>
    EEXIST = 17,
    /// <summary>Operation not supported by device.</summary>
    ENODEV = 19,
    /// <summary>Invalid argument.</summary>
    EINVAL = 22,
    /// <summary>No space left on device.</summary>
    ENOSPC = 28,
    /// <summary>Result too large.</summary>
    ERANGE = 34,
    /// <summary>Resource temporarily unavailable.</summary>
    EAGAIN = 35,
    /// <summary>Operation now in progress.</summary>
    EINPROGRESS = 36,
    /// <summary>Operation already in progress.</summary>
    EALREADY = 37,
    /// <summary>Destination address required.</summary>
    EDESTADDRREQ = 39,
    /// <summary>Message too long.</summary>
    EMSGSIZE = 40,
    /// <summary>Protocol not supported.</summary>
    EPROTONOSUPPORT = 43,
    /// <summary>Operation not supported.</summary>
    EOPNOTSUPP = 45,
    /// <summary>Address family not supported by protocol family.</summary>
    EAFNOSUPPORT = 47,
    /// <summary>Address already in use.</summary>
    EADDRINUSE = 48,
    /// <summary>Can't assign requested address.</summary>
    EADDRNOTAVAIL = 49,
    /// <summary>Network is down.</summary>
    ENETDOWN = 50,
    /// <summary>Network is unreachable.</summary>
    ENETUNREACH = 51,
    /// <summary>No buffer space available.</summary>
    ENOBUFS = 55,
    /// <summary>Operation timed out.</summary>
    ETIMEDOUT = 60,
    /// <summary>Connection refused.</summary>
    ECONNREFUSED = 61,
    /// <summary>File name too long.</summary>
    ENAMETOOLONG = 63,
    /// <summary>Host is down.</summary>
    EHOSTDOWN = 64,
    /// <summary>No route to host.</summary>
    EHOSTUNREACH = 65,
}

/// <summary>FreeBSD's <c>strerror(3)</c> texts for <see cref="Errno"/>.</summary>
public static class ErrnoText
{
    /// <summary>The message FreeBSD's libc gives for <paramref name="errno"/>.</summary>
    public static string Of(Errno errno) => errno switch
    {
        Errno.None => "No error: 0",
        Errno.EPERM => "Operation not permitted",
        Errno.ENOENT => "No such file or directory",
        Errno.ESRCH => "No such process",
        Errno.EINTR => "Interrupted system call",
        Errno.EIO => "Input/output error",
        Errno.ENXIO => "Device not configured",
        Errno.E2BIG => "Argument list too long",
        Errno.EBADF => "Bad file descriptor",
        Errno.ENOMEM => "Cannot allocate memory",
        Errno.EACCES => "Permission denied",
        Errno.EFAULT => "Bad address",
        Errno.EBUSY => "Device busy",
        Errno.EEXIST => "File exists",
        Errno.ENODEV => "Operation not supported by device",
        Errno.EINVAL => "Invalid argument",
        Errno.ENOSPC => "No space left on device",
        Errno.ERANGE => "Result too large",
        Errno.EAGAIN => "Resource temporarily unavailable",
        Errno.EINPROGRESS => "Operation now in progress",
        Errno.EALREADY => "Operation already in progress",
        Errno.EDESTADDRREQ => "Destination address required",
        Errno.EMSGSIZE => "Message too long",
        Errno.EPROTONOSUPPORT => "Protocol not supported",
        Errno.EOPNOTSUPP => "Operation not supported",
        Errno.EAFNOSUPPORT => "Address family not supported by protocol family",
        Errno.EADDRINUSE => "Address already in use",
        Errno.EADDRNOTAVAIL => "Can't assign requested address",
        Errno.ENETDOWN => "Network is down",
        Errno.ENETUNREACH => "Network is unreachable",
        Errno.ENOBUFS => "No buffer space available",
        Errno.ETIMEDOUT => "Operation timed out",
        Errno.ECONNREFUSED => "Connection refused",
        Errno.ENAMETOOLONG => "File name too long",
        Errno.EHOSTDOWN => "Host is down",
        Errno.EHOSTUNREACH => "No route to host",
        _ => $"Unknown error: {(int)errno}",
    };
}

/// <summary>
/// The one exception type of the control plane: it carries a FreeBSD <see cref="Errno"/> and a
/// message in FreeBSD's words, such as <c>SIOCIFCREATE2: File exists</c>.
/// </summary>
public sealed class ErrnoException : Exception
{
    /// <summary>Creates an exception for <paramref name="errno"/> raised by <paramref name="operation"/>.</summary>
    /// <param name="errno">The error.</param>
    /// <param name="operation">What failed, in FreeBSD's words (an ioctl name, a sysctl name, …).</param>
    public ErrnoException(Errno errno, string operation)
        : base($"{operation}: {ErrnoText.Of(errno)}")
    {
        Errno = errno;
        Operation = operation;
    }

    /// <summary>The error number.</summary>
    public Errno Errno { get; }

    /// <summary>What failed, for example <c>SIOCIFCREATE2</c>.</summary>
    public string Operation { get; }

    /// <summary>Throws when <paramref name="errno"/> is an error.</summary>
    internal static void ThrowIfError(Errno errno, string operation)
    {
        if (errno != Errno.None)
            throw new ErrnoException(errno, operation);
    }
}
