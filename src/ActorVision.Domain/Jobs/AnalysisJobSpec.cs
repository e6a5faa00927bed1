using ActorVision.Core.Cameras;
using ActorVision.Core.Rules;

namespace ActorVision.Domain.Jobs;

/// <summary>
/// What an analysis job does: which video, which models and rules, every frame or a sampling rate, and whether
/// to write an annotated video. Validated before it is persisted (<see cref="JobSpecValidator"/>).
/// </summary>
public sealed record AnalysisJobSpec
{
    /// <summary>The input as the submitter gave it: a path under a media root, or a URL.</summary>
    public required string Input { get; init; }

    /// <summary>What the node opens: the real absolute path inside a media root (symlinks resolved), or the URL.</summary>
    public required string ResolvedInput { get; init; }

    public IReadOnlyList<string> Models { get; init; } = [];
    public IReadOnlyList<RuleSpec> Rules { get; init; } = [];
    public bool EveryFrame { get; init; }

    /// <summary>Frames analysed per second of video when not <see cref="EveryFrame"/>.</summary>
    public double AnalysisFps { get; init; }

    public int AnalysisWidth { get; init; }
    public int AnalysisHeight { get; init; }
    public bool AnnotatedVideo { get; init; }

    /// <summary>A label the submitter chose (a person's name, a script), shown with the job.</summary>
    public string Submitter { get; init; } = "";

    /// <summary>Who submitted it as the node authenticated them (the API key's name): slots are shared round-robin between callers.</summary>
    public string Caller { get; init; } = "";

    public double EffectiveFps => EveryFrame ? double.PositiveInfinity : AnalysisFps;

    /// <summary>
    /// The job as a file-mode camera, so it runs on the camera's building blocks (decoder with backpressure,
    /// analyser, tracker, rules, annotated output). The rule engine runs under the job id, which makes the job id
    /// part of every event id.
    /// </summary>
    public CameraSpec ToCameraSpec(string jobId, string? annotatedVideoPath) => new()
    {
        Id = jobId,
        SourceUrl = ResolvedInput,
        Mode = SourceMode.File,
        Models = Models,
        Device = "auto",
        AnalysisFps = EffectiveFps,
        AnalysisWidth = AnalysisWidth,
        AnalysisHeight = AnalysisHeight,
        Rules = Rules,
        Outputs = annotatedVideoPath is null ? CameraOutputs.None : new CameraOutputs { Mp4Path = annotatedVideoPath },
    };
}
