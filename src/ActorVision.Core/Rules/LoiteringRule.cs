using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Tracking;

namespace ActorVision.Core.Rules;

/// <summary>
/// Loitering: one event when a track has been inside the zone for the threshold, and a dwell-ended event with the
/// total time when it leaves or disappears. Time spent hidden inside the zone counts; stepping out resets the clock.
/// </summary>
internal sealed class LoiteringRule : TrackRule<LoiteringTrack>
{
    private readonly LoiteringRuleSpec _spec;

    public LoiteringRule(string cameraId, LoiteringRuleSpec spec)
        : base(cameraId, spec) => _spec = spec;

    protected override void Observe(ref LoiteringTrack memory, bool first, Track track, BoxF box, PointF anchor, in FrameAnalysis frame, List<AnalyticsEvent> events)
    {
        if (first) memory = new LoiteringTrack(track.Id, false, default, false);
        var now = frame.StreamTime;
        if (_spec.Polygon.Contains(anchor))
        {
            if (!memory.Inside) memory = new LoiteringTrack(track.Id, true, now, false);
            var dwell = now - memory.InsideSince;
            if (!memory.Reported && dwell >= _spec.Threshold)
            {
                memory = memory with { Reported = true };
                Raise(events, AnalyticsEventType.LoiteringStarted, now, frame.WallTime, track, box, dwell: dwell);
            }
        }
        else if (memory.Inside)
        {
            if (memory.Reported)
                Raise(events, AnalyticsEventType.DwellEnded, now, frame.WallTime, track, box, dwell: now - memory.InsideSince);
            memory = new LoiteringTrack(track.Id, false, default, false);
        }
    }

    protected override void OnRemoved(in LoiteringTrack memory, Track track, BoxF lastBox, in FrameAnalysis frame, List<AnalyticsEvent> events)
    {
        if (memory.Inside && memory.Reported)
            Raise(events, AnalyticsEventType.DwellEnded, frame.StreamTime, frame.WallTime, track, lastBox, dwell: track.LastSeen - memory.InsideSince);
    }

    public override RuleState Capture() => new LoiteringRuleState(Spec.Id, Cooldown.Capture(), CaptureTracks());

    public override void Restore(RuleState state)
    {
        var loitering = StateOf<LoiteringRuleState>(state);
        RestoreTracks(loitering.Tracks);
        Cooldown.Restore(loitering.Cooldowns);
    }
}
