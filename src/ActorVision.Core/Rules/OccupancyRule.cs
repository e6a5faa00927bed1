using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Tracking;

namespace ActorVision.Core.Rules;

/// <summary>
/// Occupancy: counts the tracks whose last eligible anchor is in the zone (lost tracks keep their place, so a
/// brief occlusion does not drop the count) and raises one event when the count has stayed beyond the limit for
/// the duration, and one when it comes back.
/// </summary>
internal sealed class OccupancyRule : TrackRule<OccupancyTrack>
{
    private readonly OccupancyRuleSpec _spec;
    private int _inside;
    private TimeSpan? _since;
    private bool _reported;

    public OccupancyRule(string cameraId, OccupancyRuleSpec spec)
        : base(cameraId, spec) => _spec = spec;

    protected override void Observe(ref OccupancyTrack memory, bool first, Track track, BoxF box, PointF anchor, in FrameAnalysis frame, List<AnalyticsEvent> events)
    {
        if (first) memory = new OccupancyTrack(track.Id, false);
        var inside = _spec.Polygon.Contains(anchor);
        if (inside == memory.Inside) return;
        _inside += inside ? 1 : -1;
        memory = memory with { Inside = inside };
    }

    protected override void OnRemoved(in OccupancyTrack memory, Track track, BoxF lastBox, in FrameAnalysis frame, List<AnalyticsEvent> events) =>
        OnForgotten(memory);

    protected override void OnForgotten(in OccupancyTrack memory)
    {
        if (memory.Inside) _inside--;
    }

    protected override void AfterTracks(in FrameAnalysis frame, List<AnalyticsEvent> events)
    {
        var now = frame.StreamTime;
        var holds = _spec.Condition == OccupancyCondition.MoreThan ? _inside > _spec.Limit : _inside < _spec.Limit;
        if (holds)
        {
            _since ??= now;
            if (!_reported && now - _since.Value >= _spec.Duration)
            {
                _reported = true;
                var type = _spec.Condition == OccupancyCondition.MoreThan ? AnalyticsEventType.OccupancyAbove : AnalyticsEventType.OccupancyBelow;
                Raise(events, type, now, frame.WallTime, duration: now - _since.Value, occupancy: _inside);
            }
        }
        else if (_since is { } since)
        {
            if (_reported)
                Raise(events, AnalyticsEventType.OccupancyNormal, now, frame.WallTime, duration: now - since, occupancy: _inside);
            _since = null;
            _reported = false;
        }
    }

    public override RuleState Capture() => new OccupancyRuleState(Spec.Id, Cooldown.Capture(), CaptureTracks(), _since, _reported);

    public override void Restore(RuleState state)
    {
        var occupancy = StateOf<OccupancyRuleState>(state);
        RestoreTracks(occupancy.Tracks);
        Cooldown.Restore(occupancy.Cooldowns);
        _inside = occupancy.Tracks.Count(t => t.Inside);
        _since = occupancy.ConditionSince;
        _reported = occupancy.Reported;
    }
}
