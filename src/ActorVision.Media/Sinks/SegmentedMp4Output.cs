using System.Globalization;

namespace ActorVision.Media.Sinks;

/// <summary>
/// A recording that never ends, as a series of MP4 files: a new file at the first keyframe after every
/// <see cref="SegmentDuration"/> of video, named after <see cref="Path"/> with the UTC time it was opened,
/// <c>lobby.mp4</c> giving <c>lobby-20261203-101500.mp4</c> (and <c>-2</c>, <c>-3</c>... should a name be taken).
/// Each file starts at time zero and is fragmented, so it plays on its own, up to its last keyframe if the process
/// dies; old files can be deleted (retention) while the recording goes on. After a failure (a full disk) the output
/// reopens with backoff, in a new file.
/// </summary>
public sealed record SegmentedMp4Output(string Path) : SinkOutput
{
    /// <summary>The UTC time in a segment's name.</summary>
    public const string TimeFormat = "yyyyMMdd-HHmmss";

    public TimeSpan SegmentDuration { get; init; } = TimeSpan.FromMinutes(10);

    public override string Name => "mp4 segments " + System.IO.Path.Combine(Folder, Stem + "-*.mp4");
    public override bool IsRecording => true;
    internal override bool Reconnects => true;
    internal override string Target => Path;
    internal override string Format => "mp4";
    internal override string Protocols => "file";
    internal override TimeSpan? Rotation => SegmentDuration;

    internal override IReadOnlyList<KeyValuePair<string, string>> MuxerOptions =>
    [
        KeyValuePair.Create("movflags", "+frag_keyframe+empty_moov+default_base_moof"),
        // Every file starts at zero, so each plays on its own.
        KeyValuePair.Create("avoid_negative_ts", "make_zero"),
    ];

    private string Folder => System.IO.Path.GetDirectoryName(Path) ?? "";
    private string Stem => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The file a segment opened at <paramref name="utcNow"/> goes to: a name nobody has taken.</summary>
    internal override string NextTarget(DateTime utcNow)
    {
        var name = System.IO.Path.Combine(Folder, $"{Stem}-{utcNow.ToString(TimeFormat, CultureInfo.InvariantCulture)}");
        var file = name + ".mp4";
        for (var n = 2; File.Exists(file); n++) file = $"{name}-{n}.mp4";
        return file;
    }

    internal override void Prepare()
    {
        CheckFilePath(Path, "a recording");
        if (SegmentDuration <= TimeSpan.Zero)
            throw new MediaException(MediaErrorKind.InvalidArgument, "SegmentDuration must be positive", Path);
        if (!string.IsNullOrEmpty(Folder)) Directory.CreateDirectory(Folder);
    }
}
