using Akka.Configuration;
using ActorVision.Domain.Storage;

namespace ActorVision.Cluster.Storage;

/// <summary>
/// Disk space and retention of what a node writes (<c>actorvision.storage</c>, hocon/storage.conf): when snapshots
/// and recordings pause for lack of space, and how much of each kind of output is kept.
/// </summary>
/// <param name="CheckInterval">How often the data folder's free space is measured.</param>
/// <param name="RetentionInterval">How often retention is enforced (and at once when disk space runs low).</param>
/// <param name="ActiveGrace">Files written this recently are never deleted: they may still be open.</param>
/// <param name="EventIndexMaxEvents">The most rows the event index keeps (the oldest go); null: no limit.</param>
/// <param name="JournalDeletesEvents">Whether camera journals lose analytics events a snapshot covers and every reader has passed.</param>
/// <param name="JournalKeepFor">Analytics events younger than this stay in the journal whatever else holds.</param>
public sealed record StorageSettings(
    FreeSpaceRule FreeSpace,
    TimeSpan CheckInterval,
    TimeSpan RetentionInterval,
    TimeSpan ActiveGrace,
    RetentionBudget Snapshots,
    RetentionBudget Recordings,
    RetentionBudget Jobs,
    TimeSpan? EventIndexMaxAge,
    long? EventIndexMaxEvents,
    bool JournalDeletesEvents,
    TimeSpan JournalKeepFor)
{
    public const string ConfigPath = "actorvision.storage";

    public static StorageSettings Default { get; } = FromConfig(Config.Empty);

    /// <param name="storage">The <c>actorvision.storage</c> section.</param>
    public static StorageSettings FromConfig(Config storage)
    {
        var disk = storage.GetConfig("disk") ?? Config.Empty;
        var retention = storage.GetConfig("retention") ?? Config.Empty;
        var index = retention.GetConfig("event-index") ?? Config.Empty;
        var journal = retention.GetConfig("journal") ?? Config.Empty;
        var settings = new StorageSettings(
            new FreeSpaceRule(
                Percent(disk, "pause-below-percent", 5),
                Bytes(disk, "pause-below", 2L << 30, "disk.pause-below") ?? 0,
                Percent(disk, "resume-margin-percent", 1),
                Bytes(disk, "resume-margin", 512L << 20, "disk.resume-margin") ?? 0),
            Positive(disk, "check-interval", TimeSpan.FromSeconds(5)),
            Positive(retention, "interval", TimeSpan.FromMinutes(5)),
            NotNegative(retention, "active-grace", TimeSpan.FromMinutes(2)),
            Budget(retention, "snapshots"),
            Budget(retention, "recordings"),
            Budget(retention, "jobs"),
            Age(index, "max-age", "retention.event-index.max-age"),
            Count(index, "max-events"),
            journal.GetBoolean("delete-analytics-events", true),
            NotNegative(journal, "keep-for", TimeSpan.FromDays(7)));
        return settings;
    }

    private static RetentionBudget Budget(Config retention, string kind)
    {
        var section = retention.GetConfig(kind) ?? Config.Empty;
        return new RetentionBudget(Age(section, "max-age", $"retention.{kind}.max-age"), Bytes(section, "max-size", 0, $"retention.{kind}.max-size"));
    }

    /// <summary>A duration where 0 or "off" means no limit.</summary>
    private static TimeSpan? Age(Config section, string key, string where)
    {
        if (!section.HasPath(key) || IsOff(section.GetString(key))) return null;
        var value = section.GetTimeSpan(key);
        if (value < TimeSpan.Zero) throw new ConfigurationException($"{ConfigPath}.{where} must not be negative");
        return value == TimeSpan.Zero ? null : value;
    }

    /// <summary>A size such as 10GiB or 500MB; 0 or "off" means no limit (null).</summary>
    private static long? Bytes(Config section, string key, long fallback, string? where = null)
    {
        if (!section.HasPath(key)) return fallback == 0 ? null : fallback;
        var text = section.GetString(key);
        if (IsOff(text)) return null;
        long? parsed;
        try
        {
            parsed = section.GetByteSize(key);
        }
        catch (FormatException)
        {
            parsed = null;
        }
        var value = parsed ?? throw new ConfigurationException($"{ConfigPath}.{where ?? key}: '{text}' is not a size (e.g. 10GiB, 500MB)");
        if (value < 0) throw new ConfigurationException($"{ConfigPath}.{where ?? key} must not be negative");
        return value == 0 ? null : value;
    }

    private static long? Count(Config section, string key)
    {
        if (!section.HasPath(key) || IsOff(section.GetString(key))) return null;
        var value = section.GetLong(key);
        if (value < 0) throw new ConfigurationException($"{ConfigPath}.retention.event-index.{key} must not be negative");
        return value == 0 ? null : value;
    }

    private static double Percent(Config section, string key, double fallback)
    {
        var value = section.GetDouble(key, fallback);
        if (value is < 0 or >= 100 || double.IsNaN(value)) throw new ConfigurationException($"{ConfigPath}.disk.{key} must be between 0 and 100");
        return value;
    }

    private static TimeSpan Positive(Config section, string key, TimeSpan fallback)
    {
        var value = section.GetTimeSpan(key, fallback);
        return value > TimeSpan.Zero ? value : throw new ConfigurationException($"{ConfigPath}: {key} must be positive");
    }

    private static TimeSpan NotNegative(Config section, string key, TimeSpan fallback)
    {
        var value = section.GetTimeSpan(key, fallback);
        return value >= TimeSpan.Zero ? value : throw new ConfigurationException($"{ConfigPath}: {key} must not be negative");
    }

    private static bool IsOff(string? value) => value is null || value.Trim() is "off" or "false" or "none";
}
