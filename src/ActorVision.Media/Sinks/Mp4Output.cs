namespace ActorVision.Media.Sinks;

/// <summary>An MP4 file. By default the index goes to the front when the sink completes (plays while downloading);
/// <see cref="Fragmented"/> writes a file that stays playable up to the last keyframe if the process dies.</summary>
public sealed record Mp4Output(string Path) : SinkOutput
{
    public bool Fragmented { get; init; }

    public override string Name => "mp4 " + Path;
    internal override bool Reconnects => false;
    internal override string Target => Path;
    internal override string Format => "mp4";
    internal override string MuxerOptions => Fragmented ? "movflags=+frag_keyframe+empty_moov+default_base_moof" : "movflags=+faststart";

    internal override void Prepare()
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }
}
