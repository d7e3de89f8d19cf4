namespace Epair.Tests;

public sealed class ErrnoTests
{
    [Theory]
    [InlineData(Errno.EPERM, 1, "Operation not permitted")]
    [InlineData(Errno.ENOENT, 2, "No such file or directory")]
    [InlineData(Errno.ESRCH, 3, "No such process")]
    [InlineData(Errno.EINTR, 4, "Interrupted system call")]
    [InlineData(Errno.EIO, 5, "Input/output error")]
    [InlineData(Errno.ENXIO, 6, "Device not configured")]
    [InlineData(Errno.E2BIG, 7, "Argument list too long")]
    [InlineData(Errno.EBADF, 9, "Bad file descriptor")]
    [InlineData(Errno.ENOMEM, 12, "Cannot allocate memory")]
    [InlineData(Errno.EACCES, 13, "Permission denied")]
    [InlineData(Errno.EFAULT, 14, "Bad address")]
    [InlineData(Errno.EBUSY, 16, "Device busy")]
    [InlineData(Errno.EEXIST, 17, "File exists")]
    [InlineData(Errno.ENODEV, 19, "Operation not supported by device")]
    [InlineData(Errno.EINVAL, 22, "Invalid argument")]
    [InlineData(Errno.ENOSPC, 28, "No space left on device")]
    [InlineData(Errno.ERANGE, 34, "Result too large")]
    [InlineData(Errno.EAGAIN, 35, "Resource temporarily unavailable")]
    [InlineData(Errno.EINPROGRESS, 36, "Operation now in progress")]
    [InlineData(Errno.EALREADY, 37, "Operation already in progress")]
    [InlineData(Errno.EDESTADDRREQ, 39, "Destination address required")]
    [InlineData(Errno.EMSGSIZE, 40, "Message too long")]
    [InlineData(Errno.EPROTONOSUPPORT, 43, "Protocol not supported")]
    [InlineData(Errno.EOPNOTSUPP, 45, "Operation not supported")]
    [InlineData(Errno.EAFNOSUPPORT, 47, "Address family not supported by protocol family")]
    [InlineData(Errno.EADDRINUSE, 48, "Address already in use")]
    [InlineData(Errno.EADDRNOTAVAIL, 49, "Can't assign requested address")]
    [InlineData(Errno.ENETDOWN, 50, "Network is down")]
    [InlineData(Errno.ENETUNREACH, 51, "Network is unreachable")]
    [InlineData(Errno.ENOBUFS, 55, "No buffer space available")]
    [InlineData(Errno.ETIMEDOUT, 60, "Operation timed out")]
    [InlineData(Errno.ECONNREFUSED, 61, "Connection refused")]
    [InlineData(Errno.ENAMETOOLONG, 63, "File name too long")]
    [InlineData(Errno.EHOSTDOWN, 64, "Host is down")]
    [InlineData(Errno.EHOSTUNREACH, 65, "No route to host")]
    public void Numbers_and_texts_are_FreeBSDs(Errno errno, int number, string text)
    {
        Assert.Equal(number, (int)errno);
        Assert.Equal(text, ErrnoText.Of(errno));
    }

    [Fact]
    public void Every_defined_errno_has_its_own_text()
    {
        var texts = new HashSet<string>();
        foreach (var errno in Enum.GetValues<Errno>())
        {
            var text = ErrnoText.Of(errno);
            Assert.DoesNotContain("Unknown error", text, StringComparison.Ordinal);
            Assert.True(texts.Add(text), $"{errno} shares its text '{text}'");
        }
    }

    [Fact]
    public void Success_and_unknown_numbers_read_as_strerror_does()
    {
        Assert.Equal(0, (int)Errno.None);
        Assert.Equal("No error: 0", ErrnoText.Of(Errno.None));
        Assert.Equal("Unknown error: 99", ErrnoText.Of((Errno)99));
    }

    [Fact]
    public void Exception_message_is_operation_colon_strerror()
    {
        var ex = new ErrnoException(Errno.EEXIST, "SIOCIFCREATE2");

        Assert.Equal("SIOCIFCREATE2: File exists", ex.Message);
        Assert.Equal(Errno.EEXIST, ex.Errno);
        Assert.Equal("SIOCIFCREATE2", ex.Operation);
    }

    [Fact]
    public void ThrowIfError_throws_only_for_errors()
    {
        ErrnoException.ThrowIfError(Errno.None, "SIOCSIFMTU");

        var ex = Assert.Throws<ErrnoException>(() => ErrnoException.ThrowIfError(Errno.ENXIO, "SIOCSIFVNET"));
        Assert.Equal(Errno.ENXIO, ex.Errno);
        Assert.Equal("SIOCSIFVNET: Device not configured", ex.Message);
    }
}
