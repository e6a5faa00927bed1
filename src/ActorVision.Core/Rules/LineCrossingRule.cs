using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Tracking;

namespace ActorVision.Core.Rules;

/// <summary>
/// Line crossing with hysteresis. A track's side only changes once its anchor is further than the hysteresis from
/// the line, so jitter on the line does not count; the crossing counts when, on its way from one clear side to
/// the other, the anchor last passed over the line between A and B (walking round the end of the line does not count).
/// Steps where the track was lost are bridged by a straight path, so missed detections do not lose crossings.
/// </summary>
internal sealed class LineCrossingRule : TrackRule<LineTrack>
{
    private readonly LineCrossingRuleSpec _spec;
    private readonly LineSegment _line;
    private long _in;
    private long _out;

    public LineCrossingRule(string cameraId, LineCrossingRuleSpec spec)
        : base(cameraId, spec)
    {
        _spec = spec;
        _line = new LineSegment(spec.A, spec.B);
    }

    public LineCounts Counts => new(_in, _out);

    public void Seed(LineCounts counts)
    {
        _in = counts.In;
        _out = counts.Out;
    }

    protected override void Observe(ref LineTrack memory, bool first, Track track, BoxF box, PointF anchor, in FrameAnalysis frame, List<AnalyticsEvent> events)
    {
        var distance = _line.SignedDistance(anchor);
        var raw = Math.Sign(distance);
        var clear = distance > _spec.Hysteresis ? 1 : distance < -_spec.Hysteresis ? -1 : 0;
        if (first)
        {
            memory = new LineTrack(track.Id, clear, raw, false, anchor);
            return;
        }

        var withinSegment = memory.CrossedWithinSegment;
        if (raw != 0 && memory.RawSide != 0 && raw != memory.RawSide)
            withinSegment = _line.CrossingPosition(memory.LastAnchor, anchor) is >= 0f and <= 1f;

        var side = memory.Side;
        if (clear != 0)
        {
            if (side != 0 && clear != side && withinSegment) Count(clear > 0 ? CrossingDirection.In : CrossingDirection.Out, track, box, frame, events);
            side = clear;
        }
        memory = new LineTrack(track.Id, side, raw != 0 ? raw : memory.RawSide, withinSegment, anchor);
    }

    private void Count(CrossingDirection direction, Track track, BoxF box, in FrameAnalysis frame, List<AnalyticsEvent> events)
    {
        if (direction == CrossingDirection.In) _in++;
        else _out++;
        if (_spec.Direction == CrossingDirection.Both || _spec.Direction == direction)
            Raise(events, AnalyticsEventType.LineCrossed, frame.StreamTime, frame.WallTime, track, box, direction: direction, counts: Counts);
    }

    public override RuleState Capture() => new LineCrossingRuleState(Spec.Id, Cooldown.Capture(), _in, _out, CaptureTracks());

    public override void Restore(RuleState state)
    {
        var line = StateOf<LineCrossingRuleState>(state);
        RestoreTracks(line.Tracks);
        Cooldown.Restore(line.Cooldowns);
        _in = line.InCount;
        _out = line.OutCount;
    }
}
