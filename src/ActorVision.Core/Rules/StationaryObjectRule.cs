using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Tracking;

namespace ActorVision.Core.Rules;

/// <summary>
/// Stationary object: a track whose anchor stays within the allowed movement of where it stopped, for the
/// threshold, is reported once; moving away (or leaving the watched polygon, or disappearing) ends it.
/// </summary>
internal sealed class StationaryObjectRule : TrackRule<StationaryTrack>
{
    private readonly StationaryObjectRuleSpec _spec;

    public StationaryObjectRule(string cameraId, StationaryObjectRuleSpec spec)
        : base(cameraId, spec) => _spec = spec;

    protected override void Observe(ref StationaryTrack memory, bool first, Track track, BoxF box, PointF anchor, in FrameAnalysis frame, List<AnalyticsEvent> events)
    {
        var now = frame.StreamTime;
        var watched = _spec.Polygon is null || _spec.Polygon.Contains(anchor);
        if (first)
        {
            memory = new StationaryTrack(track.Id, anchor, now, false);
            return;
        }
        if (!watched || anchor.DistanceTo(memory.Reference) > _spec.MaxMovement)
        {
            if (memory.Reported)
                Raise(events, AnalyticsEventType.StationaryEnded, now, frame.WallTime, track, box, duration: now - memory.Since);
            memory = new StationaryTrack(track.Id, anchor, now, false);
            return;
        }
        var still = now - memory.Since;
        if (!memory.Reported && still >= _spec.Threshold)
        {
            memory = memory with { Reported = true };
            Raise(events, AnalyticsEventType.StationaryObject, now, frame.WallTime, track, box, duration: still);
        }
    }

    protected override void OnRemoved(in StationaryTrack memory, Track track, BoxF lastBox, in FrameAnalysis frame, List<AnalyticsEvent> events)
    {
        if (memory.Reported)
            Raise(events, AnalyticsEventType.StationaryEnded, frame.StreamTime, frame.WallTime, track, lastBox, duration: track.LastSeen - memory.Since);
    }

    public override RuleState Capture() => new StationaryObjectRuleState(Spec.Id, Cooldown.Capture(), CaptureTracks());

    public override void Restore(RuleState state)
    {
        var stationary = StateOf<StationaryObjectRuleState>(state);
        RestoreTracks(stationary.Tracks);
        Cooldown.Restore(stationary.Cooldowns);
    }
}
