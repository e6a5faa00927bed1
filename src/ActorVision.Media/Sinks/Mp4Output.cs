namespace ActorVision.Media.Sinks;

/// <summary>An MP4 file. By default the index goes to the front when the sink completes (plays while downloading);
/// <see cref="Fragmented"/> writes a file that stays playable up to the last keyframe if the process dies.</summary>
public sealed record Mp4Output(string Path) : SinkOutput
{
    public bool Fragmented { get; init; }

    public override string Name => "mp4 " + Path;
    public override bool IsRecording => true;
    internal override bool Reconnects => false;
    internal override string Target => Path;
    internal override string Format => "mp4";
    internal override string Protocols => "file";

    internal override IReadOnlyList<KeyValuePair<string, string>> MuxerOptions =>
        [KeyValuePair.Create("movflags", Fragmented ? "+frag_keyframe+empty_moov+default_base_moof" : "+faststart")];

    internal override void Prepare()
    {
        CheckFilePath(Path, "an MP4 output");
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }
}
