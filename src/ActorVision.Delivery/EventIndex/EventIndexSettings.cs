using Akka.Configuration;

namespace ActorVision.Delivery.EventIndex;

/// <summary>The read model of analytics events behind the Events API (<c>actorvision.event-index</c>).</summary>
/// <param name="BatchSize">Most events written in one transaction.</param>
/// <param name="BatchDelay">How long a batch waits to fill before it is written anyway.</param>
/// <param name="FeedPollInterval">How often live subscriptions look for new rows when no notification came.</param>
/// <param name="SubscriberBuffer">Events a slow subscriber may fall behind the live feed before it reads from the index instead.</param>
public sealed record EventIndexSettings(int BatchSize, TimeSpan BatchDelay, TimeSpan FeedPollInterval, int SubscriberBuffer)
{
    public static EventIndexSettings Default { get; } = FromConfig(Config.Empty);

    public static EventIndexSettings FromConfig(Config section)
    {
        var settings = new EventIndexSettings(
            section.GetInt("batch-size", 500),
            section.GetTimeSpan("batch-delay", TimeSpan.FromMilliseconds(50)),
            section.GetTimeSpan("feed-poll-interval", TimeSpan.FromSeconds(1)),
            section.GetInt("subscriber-buffer", 1000));
        if (settings.BatchSize < 1) throw new ConfigurationException("actorvision.event-index.batch-size must be at least 1");
        if (settings.FeedPollInterval <= TimeSpan.Zero) throw new ConfigurationException("actorvision.event-index.feed-poll-interval must be positive");
        if (settings.SubscriberBuffer < 1) throw new ConfigurationException("actorvision.event-index.subscriber-buffer must be at least 1");
        return settings;
    }
}
