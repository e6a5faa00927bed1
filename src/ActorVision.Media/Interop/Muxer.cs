namespace ActorVision.Media.Interop;

/// <summary>One FFmpeg muxer fed by a <see cref="PictureEncoder"/>: an MP4 file, an HLS folder or an RTSP publish session.
/// Opening and writing are bounded by the timeout (network) and abortable with <see cref="Interrupt"/>.</summary>
internal sealed class Muxer : IDisposable
{
    private readonly OutputHandle _handle = AvShim.OutputCreate();

    public bool IsOpen { get; private set; }

    /// <summary>Opens and writes the header (connects and announces, for RTSP). Returns 0 or a negative error code.</summary>
    /// <param name="protocols">FFmpeg's protocol_whitelist for every file or connection the muxer opens.</param>
    /// <param name="options">The muxer's options, passed as key/value pairs (never one delimited string).</param>
    public unsafe int Open(PictureEncoder encoder, string url, string format, string protocols, IReadOnlyList<KeyValuePair<string, string>> options,
        TimeSpan timeout, out string error)
    {
        const int errorLength = 512;
        var buffer = stackalloc byte[errorLength];
        buffer[0] = 0;
        using var native = new NativeOptions(options);
        var rc = AvShim.OutputOpen(_handle, encoder.Handle, url, format, protocols, native.Keys, native.Values, native.Count,
            (long)timeout.TotalMicroseconds, buffer, errorLength);
        error = rc < 0 ? NativeText.Read(buffer, errorLength) is { Length: > 0 } text ? text : NativeText.Error(rc) : "";
        IsOpen = rc >= 0;
        return rc;
    }

    /// <summary>Writes the encoder's current packet. Returns 0 or a negative error code.</summary>
    public int Write(PictureEncoder encoder) => AvShim.OutputWrite(_handle, encoder.Handle);

    /// <summary>Closes the muxer, writing the trailer when asked (MP4 index, HLS end of list, RTSP teardown).</summary>
    public int Close(bool writeTrailer)
    {
        if (!IsOpen) return 0;
        IsOpen = false;
        return AvShim.OutputClose(_handle, writeTrailer ? 1 : 0);
    }

    public void Interrupt() => _handle.CallIfOpen(AvShim.OutputInterrupt);

    public static string Describe(int rc) => NativeText.Error(rc);

    public void Dispose() => _handle.Dispose();
}
