namespace ActorVision.Media.Sinks;

/// <summary>Where a <see cref="FrameSink"/> sends its encoded stream.</summary>
public abstract record SinkOutput
{
    /// <summary>Name in logs and status (URL credentials redacted).</summary>
    public abstract string Name { get; }

    /// <summary>A recording kept on the node's disk (MP4): paused with <see cref="FrameSink.RecordingPaused"/> while disk space is low.</summary>
    public virtual bool IsRecording => false;

    /// <summary>Network outputs reconnect after a failure; a file output that failed stays failed (reopening would overwrite it).</summary>
    internal abstract bool Reconnects { get; }

    internal abstract string Target { get; }

    /// <summary>Where the next open writes: <see cref="Target"/>, or a new file for each segment of a recording.</summary>
    internal virtual string NextTarget(DateTime utcNow) => Target;

    /// <summary>How much video a file holds before the next keyframe starts a new one; null: one output for good.</summary>
    internal virtual TimeSpan? Rotation => null;
    internal abstract string Format { get; }

    /// <summary>FFmpeg's protocol_whitelist for everything the muxer opens (files: only <c>file</c>).</summary>
    internal abstract string Protocols { get; }

    /// <summary>The muxer's options, as key/value pairs: a path or URL among them stays one value.</summary>
    internal abstract IReadOnlyList<KeyValuePair<string, string>> MuxerOptions { get; }

    internal virtual void Prepare() { }

    /// <summary>
    /// A file output's path, checked before FFmpeg sees it: absolute (FFmpeg would read "name:rest" as a protocol),
    /// no control characters, and no '%' (FFmpeg reads it as a pattern in segment names).
    /// </summary>
    internal static void CheckFilePath(string path, string what)
    {
        if (!System.IO.Path.IsPathRooted(path) || path.Any(char.IsControl) || path.Contains('%'))
            throw new MediaException(MediaErrorKind.InvalidArgument, $"{what} must be an absolute path without control characters or '%'", path);
    }
}
