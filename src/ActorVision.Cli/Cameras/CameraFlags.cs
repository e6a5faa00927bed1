namespace ActorVision.Cli.Cameras;

/// <summary>What `camera add|update` was given on the command line; null means "not given".</summary>
public sealed record CameraFlags
{
    public string? Id { get; init; }
    public string? SpecFile { get; init; }
    public string? Url { get; init; }
    public string? Name { get; init; }
    public IReadOnlyList<string> Models { get; init; } = [];
    public string? Mode { get; init; }
    public string? Transport { get; init; }
    public double? Fps { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public string? Device { get; init; }
    public string? RulesFile { get; init; }
    public string? Hls { get; init; }
    public string? Mp4 { get; init; }
    public string? RtspPublish { get; init; }
    public bool? Snapshots { get; init; }
    public bool? Loop { get; init; }
}
