using System.Runtime.InteropServices;

namespace ActorVision.Media.Interop;

/// <summary>
/// FFmpeg options as the shim takes them: two parallel native arrays of NUL-terminated UTF-8 strings, never one
/// delimited string, so a value holding '=', ':' or a newline (a path, a URL) stays one value. Control characters are
/// refused: no option needs one, and a NUL would cut a value short. Made at open time only, never per frame.
/// </summary>
internal sealed class NativeOptions : IDisposable
{
    private readonly nint[] _strings;

    public NativeOptions(IReadOnlyList<KeyValuePair<string, string>> options)
    {
        foreach (var (key, value) in options)
        {
            if (key.Length == 0 || key.Any(char.IsControl) || value.Any(char.IsControl))
                throw new MediaException(MediaErrorKind.InvalidArgument, $"option '{Printable(key)}' has an empty name or a control character");
        }
        Count = options.Count;
        _strings = new nint[Count * 2];
        Keys = Marshal.AllocHGlobal(nint.Size * Math.Max(1, Count));
        Values = Marshal.AllocHGlobal(nint.Size * Math.Max(1, Count));
        for (var i = 0; i < Count; i++)
        {
            _strings[2 * i] = Marshal.StringToCoTaskMemUTF8(options[i].Key);
            _strings[2 * i + 1] = Marshal.StringToCoTaskMemUTF8(options[i].Value);
            Marshal.WriteIntPtr(Keys, i * nint.Size, _strings[2 * i]);
            Marshal.WriteIntPtr(Values, i * nint.Size, _strings[2 * i + 1]);
        }
    }

    /// <summary>The keys: <c>const char *const *</c>.</summary>
    public nint Keys { get; }

    /// <summary>The values, in the order of the keys.</summary>
    public nint Values { get; }

    public int Count { get; }

    public void Dispose()
    {
        foreach (var s in _strings) Marshal.FreeCoTaskMem(s);
        Marshal.FreeHGlobal(Keys);
        Marshal.FreeHGlobal(Values);
    }

    private static string Printable(string text) => new(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
