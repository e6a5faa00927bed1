using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Tracking;

namespace ActorVision.Core.Rules;

/// <summary>A running rule: its spec, its state, and what it does with each frame.</summary>
internal abstract class Rule
{
    protected Rule(string cameraId, RuleSpec spec)
    {
        CameraId = cameraId;
        Spec = spec;
        Cooldown = new Cooldown(spec.Cooldown);
    }

    public string CameraId { get; }
    public RuleSpec Spec { get; }
    protected Cooldown Cooldown { get; }

    /// <summary>
    /// One frame: <paramref name="tracks"/> ordered by id, and <paramref name="boxes"/> their boxes normalised to the
    /// frame (the filtered box, or the last detection for a removed track).
    /// </summary>
    public abstract void Evaluate(in FrameAnalysis frame, ReadOnlySpan<Track> tracks, ReadOnlySpan<BoxF> boxes, List<AnalyticsEvent> events);

    /// <summary>Called when no frame arrived for a while; only rules that watch time without frames care.</summary>
    public virtual void EvaluateIdle(DateTime wallNow, List<AnalyticsEvent> events)
    {
    }

    public abstract RuleState Capture();

    public abstract void Restore(RuleState state);

    protected T StateOf<T>(RuleState state)
        where T : RuleState =>
        state as T ?? throw new ArgumentException($"Rule '{Spec.Id}' is a {Spec.GetType().Name} and cannot continue from a {state.GetType().Name}.", nameof(state));

    /// <summary>Adds an event unless the cooldown holds it back.</summary>
    protected void Raise(
        List<AnalyticsEvent> events,
        AnalyticsEventType type,
        TimeSpan streamTime,
        DateTime wallTime,
        Track? track = null,
        BoxF? box = null,
        TimeSpan? dwell = null,
        TimeSpan? duration = null,
        CrossingDirection? direction = null,
        LineCounts? counts = null,
        int? occupancy = null,
        CameraCondition? condition = null)
    {
        var trackId = track?.Id;
        if (!Cooldown.TryPass(trackId ?? 0, type, streamTime)) return;
        events.Add(new AnalyticsEvent
        {
            Id = AnalyticsEventId.Create(CameraId, Spec.Id, trackId, type, streamTime),
            CameraId = CameraId,
            RuleId = Spec.Id,
            RuleName = Spec.DisplayName,
            EventType = type,
            TrackId = trackId,
            Label = track?.Label,
            Confidence = track?.Score,
            WallTime = wallTime,
            StreamTime = streamTime,
            Box = box,
            Dwell = dwell,
            Duration = duration,
            Direction = direction,
            InCount = counts?.In,
            OutCount = counts?.Out,
            Occupancy = occupancy,
            Condition = condition,
        });
    }
}
