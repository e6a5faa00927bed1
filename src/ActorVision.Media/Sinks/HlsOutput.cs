using System.Globalization;

namespace ActorVision.Media.Sinks;

/// <summary>HTTP Live Streaming into a folder: a playlist and rolling MPEG-TS segments, old segments deleted.</summary>
/// <param name="Directory">Folder for the playlist and segments (created if missing).</param>
public sealed record HlsOutput(string Directory) : SinkOutput
{
    /// <summary>Target segment length; segments are cut at keyframes, so keep the keyframe interval at or below it.</summary>
    public TimeSpan SegmentDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Segments listed in the playlist (older ones are deleted).</summary>
    public int PlaylistSize { get; init; } = 6;

    public string PlaylistName { get; init; } = "index.m3u8";

    public string PlaylistPath => Path.Combine(Directory, PlaylistName);

    public override string Name => "hls " + PlaylistPath;
    internal override bool Reconnects => true;
    internal override string Target => PlaylistPath;
    internal override string Format => "hls";

    internal override string Protocols => "file";

    internal override IReadOnlyList<KeyValuePair<string, string>> MuxerOptions =>
    [
        KeyValuePair.Create("hls_time", SegmentDuration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)),
        KeyValuePair.Create("hls_list_size", PlaylistSize.ToString(CultureInfo.InvariantCulture)),
        // append_list: after a failure the numbering continues instead of overwriting segments players may be reading.
        KeyValuePair.Create("hls_flags", "delete_segments+append_list+independent_segments"),
        KeyValuePair.Create("hls_segment_filename", Path.Combine(Directory, SegmentPattern)),
    ];

    private const string SegmentPattern = "segment_%06d.ts";

    internal override void Prepare()
    {
        if (SegmentDuration <= TimeSpan.Zero) throw new MediaException(MediaErrorKind.InvalidArgument, "SegmentDuration must be positive", Directory);
        if (PlaylistSize <= 0) throw new MediaException(MediaErrorKind.InvalidArgument, "PlaylistSize must be positive", Directory);
        CheckFilePath(Directory, "an HLS folder");
        if (PlaylistName != Path.GetFileName(PlaylistName) || PlaylistName.Any(char.IsControl) || PlaylistName.Contains('%'))
            throw new MediaException(MediaErrorKind.InvalidArgument, $"the playlist name '{PlaylistName}' must be a plain file name", Directory);
        System.IO.Directory.CreateDirectory(Directory);
        // A new sink starts a new stream: a playlist left by an earlier run would be appended to (append_list). Only
        // this folder's own playlist and segments go, never a subfolder; a symbolic link is removed, not followed.
        File.Delete(PlaylistPath);
        foreach (var old in new DirectoryInfo(Directory).EnumerateFiles("segment_*.ts", SearchOption.TopDirectoryOnly))
        {
            if (IsSegmentName(old.Name)) old.Delete();
        }
    }

    private static bool IsSegmentName(string name) =>
        name.Length >= "segment_000000.ts".Length && name.AsSpan(8, name.Length - 11).IndexOfAnyExceptInRange('0', '9') < 0;
}
