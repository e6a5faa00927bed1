namespace ActorVision.Cli.Jobs;

/// <summary>What `job submit` was given on the command line.</summary>
public sealed record JobFlags
{
    public required string Input { get; init; }
    public string? RulesFile { get; init; }
    public IReadOnlyList<string> Models { get; init; } = [];
    public bool EveryFrame { get; init; }
    public double? Fps { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public bool AnnotatedVideo { get; init; }
    public string? Submitter { get; init; }
}
