using System.Runtime.InteropServices;

namespace ActorVision.Media.Interop;

/// <summary>The C shim's entry points (Native/avshim.c). Only this folder calls them.</summary>
internal static unsafe partial class AvShim
{
    private const string Library = "avshim";

    [LibraryImport(Library, EntryPoint = "avs_check_versions")]
    internal static partial int CheckVersions(out NativeVersions versions);

    [LibraryImport(Library, EntryPoint = "avs_strerror")]
    internal static partial void StrError(int code, byte* buffer, int length);

    [LibraryImport(Library, EntryPoint = "avs_set_log_sink")]
    internal static partial void SetLogSink(delegate* unmanaged<int, byte*, void> sink, int maxLevel);

    // frame source
    [LibraryImport(Library, EntryPoint = "avs_source_create")]
    internal static partial SourceHandle SourceCreate();

    [LibraryImport(Library, EntryPoint = "avs_source_free")]
    internal static partial void SourceFree(nint source);

    [LibraryImport(Library, EntryPoint = "avs_source_interrupt")]
    internal static partial void SourceInterrupt(SourceHandle source);

    [LibraryImport(Library, EntryPoint = "avs_source_open", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SourceOpen(SourceHandle source, string url, in NativeSourceParams parameters, string protocols, string? formats,
        nint optionKeys, nint optionValues, int optionCount, out NativeStreamInfo info, byte* error, int errorLength);

    [LibraryImport(Library, EntryPoint = "avs_source_set_output")]
    internal static partial int SourceSetOutput(SourceHandle source, int width, int height);

    [LibraryImport(Library, EntryPoint = "avs_source_next")]
    internal static partial int SourceNext(SourceHandle source, out NativeFrameMeta meta);

    [LibraryImport(Library, EntryPoint = "avs_source_skip_to_keyframe")]
    internal static partial int SourceSkipToKeyframe(SourceHandle source, long maxSpanMicroseconds, out long skipped);

    [LibraryImport(Library, EntryPoint = "avs_source_skip_unreferenced")]
    internal static partial void SourceSkipUnreferenced(SourceHandle source, long origin, long interval, long keepBefore, long keepAfter, long horizon);

    [LibraryImport(Library, EntryPoint = "avs_source_convert")]
    internal static partial int SourceConvert(SourceHandle source, nint destination, int destinationStride);

    [LibraryImport(Library, EntryPoint = "avs_source_hold")]
    internal static partial int SourceHold(SourceHandle source);

    [LibraryImport(Library, EntryPoint = "avs_source_convert_held")]
    internal static partial int SourceConvertHeld(SourceHandle source, nint destination, int destinationStride);

    [LibraryImport(Library, EntryPoint = "avs_source_rewind")]
    internal static partial int SourceRewind(SourceHandle source);

    // encoder
    [LibraryImport(Library, EntryPoint = "avs_encoder_open")]
    internal static partial int EncoderOpen(in NativeEncoderParams parameters, nint optionKeys, nint optionValues, int optionCount,
        out nint encoder, byte* error, int errorLength);

    [LibraryImport(Library, EntryPoint = "avs_encoder_free")]
    internal static partial void EncoderFree(nint encoder);

    [LibraryImport(Library, EntryPoint = "avs_encoder_planes")]
    internal static partial int EncoderPlanes(EncoderHandle encoder, out NativePlanes planes);

    [LibraryImport(Library, EntryPoint = "avs_encoder_convert")]
    internal static partial int EncoderConvert(EncoderHandle encoder, nint source, int stride, int width, int height, int format);

    [LibraryImport(Library, EntryPoint = "avs_encoder_send")]
    internal static partial int EncoderSend(EncoderHandle encoder, long pts, int forceKeyframe);

    [LibraryImport(Library, EntryPoint = "avs_encoder_finish")]
    internal static partial int EncoderFinish(EncoderHandle encoder);

    [LibraryImport(Library, EntryPoint = "avs_encoder_receive")]
    internal static partial int EncoderReceive(EncoderHandle encoder, out NativePacketInfo packet);

    [LibraryImport(Library, EntryPoint = "avs_encoder_codec_name")]
    internal static partial void EncoderCodecName(EncoderHandle encoder, byte* buffer, int length);

    // muxed outputs
    [LibraryImport(Library, EntryPoint = "avs_output_create")]
    internal static partial OutputHandle OutputCreate();

    [LibraryImport(Library, EntryPoint = "avs_output_free")]
    internal static partial void OutputFree(nint output);

    [LibraryImport(Library, EntryPoint = "avs_output_interrupt")]
    internal static partial void OutputInterrupt(OutputHandle output);

    [LibraryImport(Library, EntryPoint = "avs_output_open", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int OutputOpen(OutputHandle output, EncoderHandle encoder, string url, string format, string protocols,
        nint optionKeys, nint optionValues, int optionCount, long timeoutMicroseconds, byte* error, int errorLength);

    [LibraryImport(Library, EntryPoint = "avs_output_write")]
    internal static partial int OutputWrite(OutputHandle output, EncoderHandle encoder);

    [LibraryImport(Library, EntryPoint = "avs_output_close")]
    internal static partial int OutputClose(OutputHandle output, int writeTrailer);
}
