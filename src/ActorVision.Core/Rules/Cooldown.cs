using ActorVision.Core.Events;

namespace ActorVision.Core.Rules;

/// <summary>
/// Keeps a rule from repeating an event type for the same track (or, for camera-level events, at all) within its
/// cooldown. A suppressed event changes nothing else: counts and timers move on as if it had been raised.
/// </summary>
internal sealed class Cooldown
{
    private readonly TimeSpan _period;
    private readonly Dictionary<(long Track, AnalyticsEventType Type), TimeSpan> _lastRaised = new();

    public Cooldown(TimeSpan period) => _period = period;

    /// <summary>True when the event may be raised now, and then records it.</summary>
    public bool TryPass(long trackId, AnalyticsEventType type, TimeSpan now)
    {
        if (_period <= TimeSpan.Zero) return true;
        var key = (trackId, type);
        if (_lastRaised.TryGetValue(key, out var last) && now - last < _period) return false;
        _lastRaised[key] = now;
        return true;
    }

    public void Forget(long trackId)
    {
        if (_lastRaised.Count == 0) return;
        foreach (var key in _lastRaised.Keys)
            if (key.Track == trackId) _lastRaised.Remove(key);
    }

    public IReadOnlyList<CooldownEntry> Capture() => _lastRaised
        .Select(e => new CooldownEntry(e.Key.Track, e.Key.Type, e.Value))
        .OrderBy(e => e.TrackId).ThenBy(e => e.EventType)
        .ToArray();

    public void Restore(IReadOnlyList<CooldownEntry>? entries)
    {
        _lastRaised.Clear();
        if (entries is null) return;
        foreach (var e in entries) _lastRaised[(e.TrackId, e.EventType)] = e.LastRaised;
    }
}
