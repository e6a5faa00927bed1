using Akka.Configuration;

namespace ActorVision.Cluster.Jobs;

/// <summary>How analysis jobs run on this node (<c>actorvision.jobs</c>).</summary>
public sealed record JobSettings(
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
    public static JobSettings FromConfig(Config jobs)
    {
        // What jobs may read is the sources policy, shared with cameras: a file that still sets the old keys would
        // otherwise believe it confines jobs.
        foreach (var moved in new[] { "media-roots", "allowed-url-schemes" })
        {
            if (jobs.HasPath(moved))
                throw new ConfigurationException($"actorvision.jobs.{moved} moved to actorvision.sources.{(moved == "media-roots" ? "media-roots" : "allowed-schemes")} (one policy for cameras and jobs)");
        }
        var settings = new JobSettings(
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
        return settings;
    }
}
