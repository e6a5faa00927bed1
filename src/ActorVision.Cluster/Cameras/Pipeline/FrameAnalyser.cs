using System.Collections.Immutable;
using ActorVision.Cluster.Devices;
using ActorVision.Core.Cameras;
using ActorVision.Core.Detections;
using ActorVision.Core.Events;
using ActorVision.Core.Imaging;
using ActorVision.Core.Rules;
using ActorVision.Core.Tracking;
using ActorVision.Inference.Motion;
using ActorVision.Domain.Analytics;
using ActorVision.Domain.Cameras;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// The analysis of one camera as plain calls: the model-free motion detector (per camera, it has a background model),
/// which ONNX models the device router should run, then the tracker and the rule engine. <see cref="FrameAnalysisStage"/>
/// drives it in stream order on one thread at a time (the detector, tracker and rules are not thread-safe); the overlay,
/// the rules in force and the viewers flag are safe to touch from other threads.
/// </summary>
public sealed class FrameAnalyser : IDisposable
{
    private readonly string _cameraId;
    private readonly MotionDetector? _motion;
    private readonly string[] _routedModels;
    private readonly bool _motionGatesModels;
    private readonly DeviceChoice _devices;
    private readonly RequestPriority _priority;
    private ByteTracker _tracker;
    private RuleEngine _rules;
    private readonly FrameStatisticsSampler _statistics = new();
    private readonly List<AnalyticsEvent> _events = new();
    private readonly bool _videoOverlay;
    private readonly bool _snapshotOverlay;
    private volatile bool _viewersWatching;
    private IReadOnlyList<RuleSpec>? _pendingRules;
    private volatile IReadOnlyList<RuleSpec> _currentRules;
    private OverlaySnapshot _overlay = OverlaySnapshot.Empty;

    public FrameAnalyser(
        CameraSpec spec,
        ModelCatalog catalog,
        DeviceChoice devices,
        RequestPriority priority,
        ImmutableSortedDictionary<string, long> persistedCounters)
    {
        _cameraId = spec.Id;
        _devices = devices;
        _priority = priority;
        var motionModel = spec.Models.FirstOrDefault(catalog.MotionDetectors.ContainsKey);
        if (motionModel is not null) _motion = new MotionDetector(catalog.MotionDetectors[motionModel]);
        _routedModels = spec.Models.Where(catalog.Models.ContainsKey).ToArray();
        // "motion" listed before a model gates it: the model runs only on frames with motion.
        _motionGatesModels = motionModel is not null && _routedModels.Length > 0
            && spec.Models.ToList().IndexOf(motionModel) < spec.Models.ToList().IndexOf(_routedModels[0]);
        _videoOverlay = spec.Outputs.HasVideoOutput;
        _snapshotOverlay = spec.Outputs.Snapshots;
        _tracker = new ByteTracker(new TrackerOptions());
        _rules = new RuleEngine(spec.Id, spec.Rules);
        _currentRules = spec.Rules;
        CameraCounters.Seed(_rules, persistedCounters);
    }

    /// <summary>Confirmed tracks of the last analysed frame, for the encoder and snapshots (which run on other threads).</summary>
    public OverlaySnapshot Overlay
    {
        get => Volatile.Read(ref _overlay);
        private set => Volatile.Write(ref _overlay, value);
    }

    public bool UsesDevice => _routedModels.Length > 0;

    /// <summary>Set while someone watches the live view: the overlay is then captured even without outputs or snapshots.</summary>
    public bool ViewersWatching
    {
        get => _viewersWatching;
        set => _viewersWatching = value;
    }

    /// <summary>The rule set in force (or about to be), for the overlay; safe to read from any thread.</summary>
    public IReadOnlyList<RuleSpec> Rules => Volatile.Read(ref _pendingRules) ?? _currentRules;

    /// <summary>Swap the rule set at the next frame (thread-safe); rules that did not change keep their state.</summary>
    public void ReplaceRules(IReadOnlyList<RuleSpec> rules) => Volatile.Write(ref _pendingRules, rules);

    /// <summary>The ONNX models the device router runs for this camera, in the order of the spec.</summary>
    public IReadOnlyList<string> RoutedModels => _routedModels;

    /// <summary>Where the camera's device requests go (the least-loaded local device, or the one the spec names).</summary>
    public DeviceChoice Devices => _devices;

    /// <summary>Live requests go before job requests at the router, and only live ones are ever refused.</summary>
    public RequestPriority Priority => _priority;

    /// <summary>
    /// The part of the detection that runs here, in stream order: the motion detector appends its blobs to
    /// <paramref name="detections"/>. Returns whether the routed models should see the frame too (there are some, and
    /// motion, when it gates them, found something). Allocates nothing.
    /// </summary>
    public bool DetectLocally(VideoFrame frame, List<Detection> detections)
    {
        if (_motion is null) return _routedModels.Length > 0;
        _motion.Process(frame, detections);
        return _routedModels.Length > 0 && (!_motionGatesModels || _motion.HasMotion);
    }

    /// <summary>Why a device request did not give detections, for the camera's status.</summary>
    public static string Describe(IDetectReply reply) => reply switch
    {
        DetectRefused refused => "refused: " + refused.Reason,
        DetectFailed failed => $"model {failed.Model} failed: {failed.Error}",
        _ => reply.ToString()!,
    };

    /// <summary>
    /// The motion detector's learnt background, for a checkpoint. Call it right after <see cref="DetectLocally"/> of
    /// the checkpoint frame: detection runs ahead of <see cref="Track"/>.
    /// </summary>
    public MotionState? CaptureMotion() => _motion?.Capture();

    /// <summary>Tracker, rules and image statistics as they stand after the last <see cref="Track"/>, for a checkpoint.</summary>
    public TrackingState CaptureTracking() => new(_tracker.Capture(), _rules.Capture(), _statistics.Capture());

    /// <summary>Continues from a checkpoint instead of starting afresh; call before the first frame.</summary>
    public void Restore(MotionState? motion, TrackingState tracking)
    {
        _motion?.Restore(motion);
        _tracker = ByteTracker.Restore(tracking.Tracker);
        _rules = RuleEngine.Restore(_cameraId, tracking.Rules);
        _currentRules = _rules.Rules;
        _statistics.Restore(tracking.Statistics);
    }

    /// <summary>
    /// Tracker and rules for one analysed frame, in stream order: returns the events it caused (an empty array when
    /// none, so a quiet frame allocates nothing) and captures the overlay the outputs draw.
    /// </summary>
    public AnalyticsEvent[] Track(VideoFrame frame, ReadOnlySpan<Detection> detections)
    {
        SwapRules();
        _events.Clear();
        var tracks = _tracker.Update(detections, frame.StreamTime);
        var analysis = new FrameAnalysis(frame.Width, frame.Height, frame.StreamTime, frame.CaptureTimeUtc, _statistics.Measure(frame));
        _rules.Evaluate(analysis, tracks, _events);
        // The video and the live view draw every frame's boxes; a snapshot only those of frames with events.
        if (_videoOverlay || _viewersWatching || _snapshotOverlay && _events.Count > 0)
            Overlay = OverlaySnapshot.Capture(tracks, frame.Width, frame.Height, frame.StreamTime);
        return _events.Count == 0 ? [] : _events.ToArray();
    }

    /// <summary>The rules with no frame (a live camera that has not delivered one for a while): camera-health events.</summary>
    public AnalyticsEvent[] TrackIdle()
    {
        SwapRules();
        _events.Clear();
        _rules.EvaluateIdle(DateTime.UtcNow, _events);
        return _events.Count == 0 ? [] : _events.ToArray();
    }

    private void SwapRules()
    {
        if (Interlocked.Exchange(ref _pendingRules, null) is not { } rules) return;
        _rules.ReplaceRules(rules);
        _currentRules = rules;
    }

    public void Dispose() => _motion?.Dispose();
}
