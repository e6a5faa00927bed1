using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Tracking;

namespace ActorVision.Core.Rules;

/// <summary>
/// Zone intrusion. A track first seen inside the zone enters it; a track that disappears while inside exits it,
/// so every enter is followed by one exit. Events carry the number of objects in the zone after them.
/// </summary>
internal sealed class ZoneRule : TrackRule<ZoneTrack>
{
    private readonly ZoneRuleSpec _spec;
    private int _inside;

    public ZoneRule(string cameraId, ZoneRuleSpec spec)
        : base(cameraId, spec) => _spec = spec;

    protected override void Observe(ref ZoneTrack memory, bool first, Track track, BoxF box, PointF anchor, in FrameAnalysis frame, List<AnalyticsEvent> events)
    {
        if (first) memory = new ZoneTrack(track.Id, false, default);
        var inside = _spec.Polygon.Contains(anchor);
        if (inside == memory.Inside) return;
        var now = frame.StreamTime;
        if (inside)
        {
            memory = memory with { Inside = true, EnteredAt = now };
            _inside++;
            if (_spec.ReportEnter)
                Raise(events, AnalyticsEventType.ZoneEnter, now, frame.WallTime, track, box, occupancy: _inside);
        }
        else
        {
            var dwell = now - memory.EnteredAt;
            memory = memory with { Inside = false };
            _inside--;
            if (_spec.ReportExit)
                Raise(events, AnalyticsEventType.ZoneExit, now, frame.WallTime, track, box, dwell: dwell, occupancy: _inside);
        }
    }

    protected override void OnRemoved(in ZoneTrack memory, Track track, BoxF lastBox, in FrameAnalysis frame, List<AnalyticsEvent> events)
    {
        if (!memory.Inside) return;
        _inside--;
        if (_spec.ReportExit)
            Raise(events, AnalyticsEventType.ZoneExit, frame.StreamTime, frame.WallTime, track, lastBox, dwell: track.LastSeen - memory.EnteredAt, occupancy: _inside);
    }

    protected override void OnForgotten(in ZoneTrack memory)
    {
        if (memory.Inside) _inside--;
    }

    public override RuleState Capture() => new ZoneRuleState(Spec.Id, Cooldown.Capture(), CaptureTracks());

    public override void Restore(RuleState state)
    {
        var zone = StateOf<ZoneRuleState>(state);
        RestoreTracks(zone.Tracks);
        Cooldown.Restore(zone.Cooldowns);
        _inside = zone.Tracks.Count(t => t.Inside);
    }
}
