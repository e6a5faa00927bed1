using Akka.Configuration;

namespace ActorVision.Node.Dashboard;

/// <summary>The web dashboard (<c>actorvision.dashboard</c>, hocon/dashboard.conf).</summary>
public sealed record DashboardSettings(
    bool Enabled,
    TimeSpan PushInterval,
    int EventsKept,
    double LiveViewFps,
    TimeSpan LiveViewLease,
    TimeSpan ShardRefreshInterval)
{
    public static DashboardSettings Default { get; } = FromConfig(Config.Empty);

    public static DashboardSettings FromConfig(Config? dashboard)
    {
        dashboard ??= Config.Empty;
        var settings = new DashboardSettings(
            dashboard.GetBoolean("enabled", true),
            dashboard.GetTimeSpan("push-interval", TimeSpan.FromSeconds(1)),
            dashboard.GetInt("events-kept", 300),
            dashboard.GetDouble("live-view-fps", 5),
            dashboard.GetTimeSpan("live-view-lease", TimeSpan.FromSeconds(10)),
            dashboard.GetTimeSpan("shard-refresh-interval", TimeSpan.FromSeconds(5)));
        if (settings.PushInterval < TimeSpan.FromMilliseconds(100))
            throw new ConfigurationException("actorvision.dashboard.push-interval must be at least 100ms");
        if (settings.EventsKept < 1) throw new ConfigurationException("actorvision.dashboard.events-kept must be at least 1");
        if (settings.LiveViewFps is <= 0 or > 30) throw new ConfigurationException("actorvision.dashboard.live-view-fps must be in (0, 30]");
        if (settings.LiveViewLease < TimeSpan.FromSeconds(3)) throw new ConfigurationException("actorvision.dashboard.live-view-lease must be at least 3s");
        return settings;
    }
}
