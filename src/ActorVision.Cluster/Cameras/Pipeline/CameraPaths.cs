using ActorVision.Core.Cameras;
using ActorVision.Core.Validation;
using ActorVision.Media.Sinks;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// What a camera reads and writes, resolved by this node's policies as it starts: the spec was checked when it was
/// registered, but a camera persisted under other settings, or a symbolic link changed since, is caught here.
/// </summary>
/// <param name="Source">The real path of a file source, or the URL.</param>
/// <param name="VideoOutputs">The annotated stream's outputs, file paths inside the data folder.</param>
/// <param name="SnapshotFolder">Where event snapshots go; null without snapshots.</param>
public sealed record CameraPaths(string Source, IReadOnlyList<SinkOutput> VideoOutputs, string? SnapshotFolder)
{
    /// <summary>Null, with every reason in <paramref name="errors"/>, when anything is refused.</summary>
    public static CameraPaths? Resolve(CameraSpec spec, CameraPipelineDependencies dependencies, List<FieldError> errors)
    {
        var before = errors.Count;
        var source = dependencies.Sources.Resolve(spec.SourceUrl, "sourceUrl", errors, mustExist: false);
        var outputs = new List<SinkOutput>();
        if (spec.Outputs.HlsFolder is { Length: > 0 } hls && dependencies.Outputs.Resolve(hls, "outputs.hlsFolder", errors) is { } folder)
            outputs.Add(new HlsOutput(folder));
        if (spec.Outputs.Mp4Path is { Length: > 0 } mp4 && dependencies.Outputs.Resolve(mp4, "outputs.mp4Path", errors) is { } file)
            // A live camera records without end: a file per segment, which retention can delete while it records on.
            outputs.Add(spec.Mode == SourceMode.Live
                ? new SegmentedMp4Output(file) { SegmentDuration = dependencies.Settings.RecordingSegment }
                : new Mp4Output(file));
        if (spec.Outputs.RtspPublishUrl is { Length: > 0 } rtsp) outputs.Add(new RtspOutput(rtsp));
        var snapshots = spec.Outputs.Snapshots
            ? dependencies.Outputs.Resolve(Path.Combine("snapshots", spec.Id), "outputs.snapshots", errors)
            : null;
        return errors.Count > before || source is null ? null : new CameraPaths(source, outputs, snapshots);
    }

    /// <summary>How a refusal reads in the camera's status.</summary>
    public static string Refusal(IEnumerable<FieldError> errors) => "refused by this node's source and output policy: " + string.Join("; ", errors);
}
