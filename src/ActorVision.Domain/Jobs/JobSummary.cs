using System.Collections.Immutable;
using ActorVision.Core.Events;

namespace ActorVision.Domain.Jobs;

/// <summary>What a job found: its events counted per rule, per class and per minute of video. Folded from its recorded events.</summary>
public sealed record JobSummary(
    long EventCount,
    ImmutableSortedDictionary<string, long> PerRule,
    ImmutableSortedDictionary<string, long> PerClass,
    ImmutableSortedDictionary<long, long> PerMinute)
{
    /// <summary>Label of events that have no class (camera-level events such as occupancy and health).</summary>
    public const string NoClass = "none";

    public static JobSummary Empty { get; } = new(
        0,
        ImmutableSortedDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableSortedDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableSortedDictionary<long, long>.Empty);

    public JobSummary Add(AnalyticsEvent e)
    {
        var label = string.IsNullOrEmpty(e.Label) ? NoClass : e.Label;
        var minute = (long)Math.Floor(e.StreamTime.TotalMinutes);
        return new JobSummary(
            EventCount + 1,
            PerRule.SetItem(e.RuleId, PerRule.GetValueOrDefault(e.RuleId) + 1),
            PerClass.SetItem(label, PerClass.GetValueOrDefault(label) + 1),
            PerMinute.SetItem(minute, PerMinute.GetValueOrDefault(minute) + 1));
    }
}
