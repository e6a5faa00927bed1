using Akka.Configuration;

namespace ActorVision.Cluster.Cameras.Client;

/// <summary>
/// How API calls and the camera file reach camera entities (<c>actorvision.camera-client</c>). An entity whose node
/// died answers nothing until the split-brain resolver has downed that node and the shard restarted elsewhere
/// (about 15 s with the shipped timings), so one ask is short and the deadline covers a failover.
/// </summary>
/// <param name="AskTimeout">One attempt.</param>
/// <param name="Deadline">All attempts of one call; a caller's own deadline may shorten it.</param>
/// <param name="MinBackoff">Wait before the second attempt; doubles up to <paramref name="MaxBackoff"/>, with jitter.</param>
/// <param name="RetryAfter">What to advise a caller whose deadline passed: when to try again.</param>
/// <param name="Parallelism">Cameras asked at once when listing.</param>
public sealed record CameraClientSettings(
    TimeSpan AskTimeout,
    TimeSpan Deadline,
    TimeSpan MinBackoff,
    TimeSpan MaxBackoff,
    TimeSpan RetryAfter,
    int Parallelism)
{
    public static CameraClientSettings Default { get; } = FromConfig(Config.Empty);

    public static CameraClientSettings FromConfig(Config section)
    {
        var settings = new CameraClientSettings(
            section.GetTimeSpan("ask-timeout", TimeSpan.FromSeconds(5)),
            section.GetTimeSpan("deadline", TimeSpan.FromSeconds(20)),
            section.GetTimeSpan("min-backoff", TimeSpan.FromMilliseconds(200)),
            section.GetTimeSpan("max-backoff", TimeSpan.FromSeconds(2)),
            section.GetTimeSpan("retry-after", TimeSpan.FromSeconds(1)),
            section.GetInt("parallelism", 32));
        if (settings.AskTimeout <= TimeSpan.Zero || settings.Deadline < settings.AskTimeout)
            throw new ConfigurationException("actorvision.camera-client: needs 0 < ask-timeout <= deadline");
        if (settings.MinBackoff <= TimeSpan.Zero || settings.MaxBackoff < settings.MinBackoff)
            throw new ConfigurationException("actorvision.camera-client: needs 0 < min-backoff <= max-backoff");
        if (settings.Parallelism < 1)
            throw new ConfigurationException("actorvision.camera-client.parallelism must be at least 1");
        return settings;
    }
}
