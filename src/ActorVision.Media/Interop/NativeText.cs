using System.Text;

namespace ActorVision.Media.Interop;

/// <summary>Reads the NUL-terminated UTF-8 strings the shim writes into fixed buffers.</summary>
internal static unsafe class NativeText
{
    public static string Read(byte* buffer, int capacity)
    {
        var span = new ReadOnlySpan<byte>(buffer, capacity);
        var end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }

    /// <summary>FFmpeg's (or the shim's) text for an error code.</summary>
    public static string Error(int code)
    {
        var buffer = stackalloc byte[128];
        AvShim.StrError(code, buffer, 128);
        return Read(buffer, 128);
    }
}
