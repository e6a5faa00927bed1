using ActorVision.Core.Rules;

namespace ActorVision.Core.Cameras;

/// <summary>
/// What a camera is: where its video comes from, how it is analysed, which rules turn tracks into events,
/// and where the annotated output goes. Persisted by the camera entity; validated by <see cref="CameraSpecValidator"/>.
/// </summary>
public sealed record CameraSpec
{
    public required string Id { get; init; }

    /// <summary>A human name for dashboards; defaults to the id.</summary>
    public string Name { get; init; } = "";

    /// <summary><c>rtsp://</c>, <c>http(s)://</c> (HLS or progressive), or a file path. May carry credentials: never log it unredacted.</summary>
    public required string SourceUrl { get; init; }

    public SourceMode Mode { get; init; } = SourceMode.Live;

    /// <summary>TCP (default: no packet loss on busy networks) or UDP.</summary>
    public RtspTransport RtspTransport { get; init; } = RtspTransport.Tcp;

    /// <summary>Model names from the node's model catalog, e.g. <c>motion</c> or <c>blazeface</c>; applied in order.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary><c>auto</c> (the least loaded local device), <c>cpu</c>, <c>cuda:0</c>, ...</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Frames per second sent to analysis; the decoder skips the rest before scaling.</summary>
    public double AnalysisFps { get; init; } = 5;

    /// <summary>Decode size for analysis and output; 0 keeps the source size (or the source aspect when one side is set).</summary>
    public int AnalysisWidth { get; init; }
    public int AnalysisHeight { get; init; }

    public IReadOnlyList<RuleSpec> Rules { get; init; } = [];

    public CameraOutputs Outputs { get; init; } = CameraOutputs.None;

    /// <summary>File mode only: replay the file endlessly instead of completing at its end.</summary>
    public bool Loop { get; init; }

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;
}
