using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Tracking;

namespace ActorVision.Core.Rules;

/// <summary>
/// Runs a camera's rules over the tracker's output, frame by frame, and appends what they see to an event list.
/// Events come out in rule order, and within a rule in track-id order, so the same frames always give the same
/// events in the same order. Rules can be replaced while running: a rule whose id and spec are unchanged keeps its
/// state. The whole state can be captured and restored as plain data.
/// <para>
/// Allocation-free per frame except for the events themselves. Not thread-safe: one caller per camera.
/// </para>
/// </summary>
public sealed class RuleEngine
{
    private static readonly RuleSetValidator StructureValidator = new();
    private Rule[] _rules;
    private Track[] _tracks = new Track[64];
    private BoxF[] _boxes = new BoxF[64];

    /// <exception cref="RuleSetValidationException">The rule set is invalid (class names are not checked here; use <see cref="RuleSetValidator"/> with the camera's classes for that).</exception>
    public RuleEngine(string cameraId, IReadOnlyList<RuleSpec> rules)
    {
        ArgumentException.ThrowIfNullOrEmpty(cameraId);
        CameraId = cameraId;
        StructureValidator.EnsureValid(rules);
        _rules = rules.Select(spec => Create(cameraId, spec)).ToArray();
        Rules = Array.AsReadOnly(_rules.Select(r => r.Spec).ToArray());
    }

    public string CameraId { get; }

    /// <summary>The rules in force, in evaluation order.</summary>
    public IReadOnlyList<RuleSpec> Rules { get; private set; }

    /// <summary>Whether an enabled rule looks at <see cref="FrameAnalysis.Statistics"/>; when not, the camera can skip measuring them.</summary>
    public bool UsesFrameStatistics => Rules.Any(r => r is CameraHealthRuleSpec { Enabled: true } h && (h.FrozenAfter is not null || h.BlackoutAfter is not null));

    /// <summary>Whether an enabled rule needs <see cref="EvaluateIdle"/> ticks while frames are missing.</summary>
    public bool UsesIdleTicks => Rules.Any(r => r is CameraHealthRuleSpec { Enabled: true, NoFramesAfter: not null });

    /// <summary>
    /// Evaluates one analysed frame. <paramref name="tracks"/> is what <see cref="ByteTracker.Update"/> returned for it
    /// (confirmed, lost and just-removed tracks, by id). New events are appended to <paramref name="events"/>.
    /// </summary>
    public void Evaluate(in FrameAnalysis frame, IReadOnlyList<Track> tracks, List<AnalyticsEvent> events)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(events);
        if (frame.Width <= 0 || frame.Height <= 0)
            throw new ArgumentException($"Frame size must be positive, got {frame.Width}x{frame.Height}.", nameof(frame));
        var count = tracks.Count;
        if (_tracks.Length < count)
        {
            var size = Math.Max(count, _tracks.Length * 2);
            _tracks = new Track[size];
            _boxes = new BoxF[size];
        }
        // Normalise each box once for all rules, and check the order the rules' merge relies on.
        var sx = 1f / frame.Width;
        var sy = 1f / frame.Height;
        var previousId = 0L;
        for (var i = 0; i < count; i++)
        {
            var track = tracks[i];
            if (track.Id <= previousId)
                throw new ArgumentException("Tracks must have ids and be ordered by id, as ByteTracker.Update returns them.", nameof(tracks));
            previousId = track.Id;
            var box = track.State == TrackState.Removed ? track.DetectionBox : track.Box;
            _tracks[i] = track;
            _boxes[i] = new BoxF(box.X1 * sx, box.Y1 * sy, box.X2 * sx, box.Y2 * sy);
        }

        var trackSpan = _tracks.AsSpan(0, count);
        var boxSpan = _boxes.AsSpan(0, count);
        var rules = _rules;
        for (var i = 0; i < rules.Length; i++)
            if (rules[i].Spec.Enabled) rules[i].Evaluate(frame, trackSpan, boxSpan, events);
        trackSpan.Clear();
    }

    /// <summary>
    /// The tick a camera sends while frames are not arriving (once a second is plenty): rules that watch for
    /// missing frames compare <paramref name="wallNow"/> (UTC) with the last frame's wall time.
    /// </summary>
    public void EvaluateIdle(DateTime wallNow, List<AnalyticsEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var rule in _rules)
            if (rule.Spec.Enabled) rule.EvaluateIdle(wallNow, events);
    }

    /// <summary>
    /// Puts a new rule set in force. Rules whose id and spec are unchanged keep their state (counts, dwell timers,
    /// what is inside); changed and new rules start afresh; missing rules are dropped. The tracker is not involved.
    /// </summary>
    /// <exception cref="RuleSetValidationException">The new set is invalid; the old one stays in force.</exception>
    public void ReplaceRules(IReadOnlyList<RuleSpec> rules)
    {
        StructureValidator.EnsureValid(rules);
        var current = _rules.ToDictionary(r => r.Spec.Id, StringComparer.Ordinal);
        _rules = rules
            .Select(spec => current.TryGetValue(spec.Id, out var running) && running.Spec.Equals(spec) ? running : Create(CameraId, spec))
            .ToArray();
        Rules = Array.AsReadOnly(_rules.Select(r => r.Spec).ToArray());
    }

    /// <summary>The running counts of a line-crossing rule, or null when there is no such rule.</summary>
    public LineCounts? GetLineCounts(string ruleId) => FindLine(ruleId)?.Counts;

    /// <summary>Sets a line-crossing rule's counts, e.g. to what a camera had counted before it restarted.</summary>
    public void SeedLineCounts(string ruleId, LineCounts counts)
    {
        if (counts.In < 0 || counts.Out < 0) throw new ArgumentOutOfRangeException(nameof(counts), counts, "Counts cannot be negative.");
        var line = FindLine(ruleId) ?? throw new ArgumentException($"No line-crossing rule has the id '{ruleId}'.", nameof(ruleId));
        line.Seed(counts);
    }

    /// <summary>The rules and their running state as plain data.</summary>
    public RuleEngineState Capture() => new(Rules.ToArray(), _rules.Select(r => r.Capture()).ToArray());

    /// <summary>An engine that continues exactly where the captured one stood.</summary>
    public static RuleEngine Restore(string cameraId, RuleEngineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var engine = new RuleEngine(cameraId, state.Rules);
        var byId = engine._rules.ToDictionary(r => r.Spec.Id, StringComparer.Ordinal);
        foreach (var ruleState in state.States)
        {
            if (!byId.TryGetValue(ruleState.RuleId, out var rule))
                throw new ArgumentException($"The state holds rule '{ruleState.RuleId}', which is not among its rules.", nameof(state));
            rule.Restore(ruleState);
        }
        return engine;
    }

    private LineCrossingRule? FindLine(string ruleId) =>
        _rules.OfType<LineCrossingRule>().FirstOrDefault(r => string.Equals(r.Spec.Id, ruleId, StringComparison.Ordinal));

    private static Rule Create(string cameraId, RuleSpec spec) => spec switch
    {
        ZoneRuleSpec zone => new ZoneRule(cameraId, zone),
        LineCrossingRuleSpec line => new LineCrossingRule(cameraId, line),
        LoiteringRuleSpec loitering => new LoiteringRule(cameraId, loitering),
        OccupancyRuleSpec occupancy => new OccupancyRule(cameraId, occupancy),
        StationaryObjectRuleSpec stationary => new StationaryObjectRule(cameraId, stationary),
        CameraHealthRuleSpec health => new CameraHealthRule(cameraId, health),
        _ => throw new ArgumentException($"Rule '{spec.Id}' is a {spec.GetType().Name}, which the engine cannot run.", nameof(spec)),
    };
}
