using Akka.Configuration;

namespace ActorVision.Cluster.Jobs;

/// <summary>How analysis jobs run on this node (<c>actorvision.jobs</c>).</summary>
public sealed record JobSettings(
    IReadOnlyList<string> MediaRoots,
    IReadOnlyList<string> AllowedUrlSchemes,
    int MaxConcurrentPerNode,
    int MaxAttempts,
    TimeSpan RetryBackoff,
    TimeSpan CheckpointInterval,
    int InferenceWindow,
    TimeSpan StatusInterval,
    TimeSpan InferenceTimeout,
    TimeSpan PassivateFinishedAfter,
    double DefaultAnalysisFps,
    int MaxQueuedPerNode)
{
    public static JobSettings Default { get; } = FromConfig(Config.Empty);

    /// <param name="jobs">The <c>actorvision.jobs</c> section.</param>
    /// <param name="baseFolder">Relative media roots are relative to this folder (the node's working directory by default).</param>
    public static JobSettings FromConfig(Config jobs, string? baseFolder = null)
    {
        baseFolder ??= Directory.GetCurrentDirectory();
        var roots = jobs.HasPath("media-roots") ? jobs.GetStringList("media-roots") : ["media"];
        var schemes = jobs.HasPath("allowed-url-schemes") ? jobs.GetStringList("allowed-url-schemes") : ["http", "https"];
        var settings = new JobSettings(
            roots.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => Path.GetFullPath(r, baseFolder)).ToArray(),
            schemes.Select(s => s.Trim().ToLowerInvariant()).Where(s => s.Length > 0).ToArray(),
            jobs.GetInt("max-concurrent-per-node", 2),
            jobs.GetInt("max-attempts", 5),
            jobs.GetTimeSpan("retry-backoff", TimeSpan.FromSeconds(5)),
            jobs.GetTimeSpan("checkpoint-interval", TimeSpan.FromSeconds(5)),
            jobs.GetInt("inference-window", 4),
            jobs.GetTimeSpan("status-interval", TimeSpan.FromSeconds(1)),
            jobs.GetTimeSpan("inference-timeout", TimeSpan.FromMinutes(10)),
            jobs.GetTimeSpan("passivate-finished-after", TimeSpan.FromMinutes(2)),
            jobs.GetDouble("default-analysis-fps", 5),
            jobs.GetInt("max-queued-per-node", 100));
        if (settings.MaxConcurrentPerNode < 1) throw new ConfigurationException("actorvision.jobs.max-concurrent-per-node must be at least 1");
        if (settings.MaxQueuedPerNode < 0) throw new ConfigurationException("actorvision.jobs.max-queued-per-node must be 0 or more");
        if (settings.MaxAttempts < 1) throw new ConfigurationException("actorvision.jobs.max-attempts must be at least 1");
        if (settings.InferenceWindow < 1) throw new ConfigurationException("actorvision.jobs.inference-window must be at least 1");
        if (settings.CheckpointInterval <= TimeSpan.Zero) throw new ConfigurationException("actorvision.jobs.checkpoint-interval must be positive");
        if (!(settings.DefaultAnalysisFps > 0)) throw new ConfigurationException("actorvision.jobs.default-analysis-fps must be positive");
        if (settings.AllowedUrlSchemes.Contains("file"))
            throw new ConfigurationException("actorvision.jobs.allowed-url-schemes: 'file' would bypass the media roots; list the folder in media-roots instead");
        return settings;
    }
}
