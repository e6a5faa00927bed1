using Akka.Configuration;
using ActorVision.Cluster.Configuration;
using ActorVision.Cluster.Storage;
using ActorVision.Domain.Storage;
using ActorVision.Tests;

namespace ActorVision.Cluster.Hosting.Tests;

public sealed class StorageSettingsTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public void The_shipped_storage_settings_parse_with_their_sizes_and_ages()
    {
        var settings = ActorVisionSettings.FromConfig(HoconFiles.Load(Path.Combine(TestAssets.RepoRoot, "hocon"))).Storage;

        Assert.Equal(new FreeSpaceRule(5, 2 * GiB, 1, 512L << 20), settings.FreeSpace);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.CheckInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.RetentionInterval);
        Assert.Equal(new RetentionBudget(TimeSpan.FromDays(30), 20 * GiB), settings.Snapshots);
        Assert.Equal(new RetentionBudget(TimeSpan.FromDays(7), 200 * GiB), settings.Recordings);
        Assert.Equal(new RetentionBudget(TimeSpan.FromDays(30), 50 * GiB), settings.Jobs);
        Assert.Equal((TimeSpan.FromDays(90), 50_000_000L), (settings.EventIndexMaxAge!.Value, settings.EventIndexMaxEvents!.Value));
        Assert.True(settings.JournalDeletesEvents);
        Assert.Equal(TimeSpan.FromDays(7), settings.JournalKeepFor);
    }

    [Fact]
    public void Off_and_zero_mean_no_limit()
    {
        var settings = StorageSettings.FromConfig(ConfigurationFactory.ParseString("""
            disk { pause-below-percent = 0, pause-below = 0 }
            retention.snapshots { max-age = off, max-size = 0 }
            retention.event-index { max-age = 0s, max-events = off }
            """));

        Assert.Equal(0, settings.FreeSpace.PauseBelowBytes);
        Assert.True(settings.Snapshots.IsUnlimited);
        Assert.Null(settings.EventIndexMaxAge);
        Assert.Null(settings.EventIndexMaxEvents);
    }

    [Theory]
    [InlineData("disk.pause-below-percent = 120", "pause-below-percent")]
    [InlineData("retention.recordings.max-size = lots", "retention.recordings.max-size")]
    [InlineData("disk.check-interval = 0s", "check-interval")]
    public void Bad_values_are_refused_naming_the_setting(string hocon, string named)
    {
        var error = Assert.Throws<ConfigurationException>(() => StorageSettings.FromConfig(ConfigurationFactory.ParseString(hocon)));
        Assert.Contains(named, error.Message);
    }
}
