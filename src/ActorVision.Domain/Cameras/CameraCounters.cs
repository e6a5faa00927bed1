using System.Collections.Immutable;
using ActorVision.Core.Events;
using ActorVision.Core.Rules;

namespace ActorVision.Domain.Cameras;

/// <summary>
/// The running counts a camera keeps across restarts and moves: the in and out counts of each line-crossing rule,
/// under <c>&lt;rule id&gt;.in</c> and <c>&lt;rule id&gt;.out</c>. They are folded from the persisted events, and a
/// new pipeline seeds its rule engine with them so counting continues where it stopped.
/// </summary>
public static class CameraCounters
{
    public static string InKey(string ruleId) => ruleId + ".in";
    public static string OutKey(string ruleId) => ruleId + ".out";

    public static ImmutableSortedDictionary<string, long> Apply(ImmutableSortedDictionary<string, long> counters, AnalyticsEvent e)
    {
        if (e.EventType != AnalyticsEventType.LineCrossed) return counters;
        if (e.InCount is { } inCount) counters = counters.SetItem(InKey(e.RuleId), inCount);
        if (e.OutCount is { } outCount) counters = counters.SetItem(OutKey(e.RuleId), outCount);
        return counters;
    }

    public static void Seed(RuleEngine engine, ImmutableSortedDictionary<string, long> counters)
    {
        foreach (var rule in engine.Rules.OfType<LineCrossingRuleSpec>())
        {
            var counts = new LineCounts(
                counters.GetValueOrDefault(InKey(rule.Id)),
                counters.GetValueOrDefault(OutKey(rule.Id)));
            if (counts != default) engine.SeedLineCounts(rule.Id, counts);
        }
    }
}
