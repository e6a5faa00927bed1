using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Tracking;

namespace ActorVision.Core.Rules;

/// <summary>
/// Camera health from frame arrival and image statistics. Each condition is reported once when it has lasted
/// its time, and once more (<see cref="AnalyticsEventType.CameraRecovered"/>) when it ends. "No frames" is judged
/// on wall time by the idle tick, since no frame means no stream time; the image checks use stream time.
/// </summary>
internal sealed class CameraHealthRule : Rule
{
    // A dark image counts as a blackout only if it follows a sudden change this closely; slow dusk is not tampering.
    private static readonly TimeSpan SuddenChangeWindow = TimeSpan.FromSeconds(2);

    private readonly CameraHealthRuleSpec _spec;
    private DateTime? _lastFrameWall;
    private TimeSpan? _lastFrameStream;
    private DateTime? _watchingSince;
    private bool _noFrames;
    private TimeSpan? _frozenSince;
    private bool _frozen;
    private TimeSpan? _darkSince;
    private bool _blackout;
    private TimeSpan? _lastSuddenChange;

    public CameraHealthRule(string cameraId, CameraHealthRuleSpec spec)
        : base(cameraId, spec) => _spec = spec;

    public override void Evaluate(in FrameAnalysis frame, ReadOnlySpan<Track> tracks, ReadOnlySpan<BoxF> boxes, List<AnalyticsEvent> events)
    {
        var now = frame.StreamTime;
        var wall = frame.WallTime;
        if (_noFrames)
        {
            var outageStart = _lastFrameWall ?? _watchingSince ?? wall;
            Raise(events, AnalyticsEventType.CameraRecovered, now, wall, duration: wall - outageStart, condition: CameraCondition.NoFrames);
            _noFrames = false;
        }
        var previousFrame = _lastFrameStream;
        _lastFrameWall = wall;
        _lastFrameStream = now;
        if (frame.Statistics is not { } statistics) return;

        // A dark or uniform image barely changes even when the feed is live, so it says nothing about freezing.
        var obscured = statistics.MeanLuma <= _spec.BlackoutMaxLuma || statistics.LumaContrast <= _spec.BlackoutMaxContrast;
        if (_spec.FrozenAfter is { } frozenAfter && statistics.HasPrevious)
        {
            var still = statistics.MeanAbsoluteDifference <= _spec.FrozenMaxDifference;
            if (still && !obscured)
            {
                // Frozen since the frame this one repeats.
                _frozenSince ??= previousFrame ?? now;
                if (!_frozen && now - _frozenSince.Value >= frozenAfter)
                {
                    _frozen = true;
                    Raise(events, AnalyticsEventType.CameraFrozen, now, wall, duration: now - _frozenSince.Value, condition: CameraCondition.Frozen);
                }
            }
            else if (!still)
            {
                if (_frozen)
                    Raise(events, AnalyticsEventType.CameraRecovered, now, wall, duration: now - _frozenSince!.Value, condition: CameraCondition.Frozen);
                _frozen = false;
                _frozenSince = null;
            }
            else if (!_frozen)
            {
                _frozenSince = null;
            }
        }

        if (_spec.BlackoutAfter is { } blackoutAfter)
        {
            if (statistics.HasPrevious && statistics.MeanAbsoluteDifference >= _spec.SuddenChangeMinDifference) _lastSuddenChange = now;
            if (obscured)
            {
                if (_darkSince is null && _lastSuddenChange is { } change && now - change <= SuddenChangeWindow) _darkSince = now;
                if (_darkSince is { } darkSince && !_blackout && now - darkSince >= blackoutAfter)
                {
                    _blackout = true;
                    Raise(events, AnalyticsEventType.CameraBlackout, now, wall, duration: now - darkSince, condition: CameraCondition.Blackout);
                }
            }
            else
            {
                if (_blackout)
                    Raise(events, AnalyticsEventType.CameraRecovered, now, wall, duration: now - _darkSince!.Value, condition: CameraCondition.Blackout);
                _blackout = false;
                _darkSince = null;
            }
        }
    }

    public override void EvaluateIdle(DateTime wallNow, List<AnalyticsEvent> events)
    {
        if (_spec.NoFramesAfter is not { } noFramesAfter || _noFrames) return;
        var reference = _lastFrameWall ?? (_watchingSince ??= wallNow);
        var silence = wallNow - reference;
        if (silence < noFramesAfter) return;
        _noFrames = true;
        Raise(events, AnalyticsEventType.CameraNoFrames, _lastFrameStream ?? TimeSpan.Zero, wallNow, duration: silence, condition: CameraCondition.NoFrames);
    }

    public override RuleState Capture() => new CameraHealthRuleState(
        Spec.Id, Cooldown.Capture(), _lastFrameWall, _lastFrameStream, _watchingSince, _noFrames,
        _frozenSince, _frozen, _darkSince, _blackout, _lastSuddenChange);

    public override void Restore(RuleState state)
    {
        var health = StateOf<CameraHealthRuleState>(state);
        Cooldown.Restore(health.Cooldowns);
        _lastFrameWall = health.LastFrameWall;
        _lastFrameStream = health.LastFrameStream;
        _watchingSince = health.WatchingSince;
        _noFrames = health.NoFrames;
        _frozenSince = health.FrozenSince;
        _frozen = health.Frozen;
        _darkSince = health.DarkSince;
        _blackout = health.Blackout;
        _lastSuddenChange = health.LastSuddenChange;
    }
}
