using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
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
/// The analysis of one camera: the model-free motion detector (per camera, it has a background model), requests to
/// the device router for the ONNX models, then the tracker and the rule engine. <see cref="DetectAsync"/> runs in
/// stream order on the graph's detect stage; <see cref="Track"/> runs in order on the next stage, so the tracker and
/// rules are never touched by two threads at once.
/// </summary>
public sealed class FrameAnalyser : IDisposable
{
    private readonly string _cameraId;
    private readonly MotionDetector? _motion;
    private readonly string[] _routedModels;
    private readonly bool _motionGatesModels;
    private readonly DeviceChoice _devices;
    private readonly RequestPriority _priority;
    private readonly TimeSpan _askTimeout;
    private ByteTracker _tracker;
    private RuleEngine _rules;
    private readonly FrameStatisticsSampler _statistics = new();
    private readonly List<Detection> _motionBlobs = new();
    private readonly List<AnalyticsEvent> _events = new();
    private readonly bool _publishOverlay;
    private readonly PipelineCounters? _counters;
    private volatile bool _viewersWatching;
    private IReadOnlyList<RuleSpec>? _pendingRules;
    private volatile IReadOnlyList<RuleSpec> _currentRules;
    private OverlaySnapshot _overlay = OverlaySnapshot.Empty;

    public FrameAnalyser(
        CameraSpec spec,
        ModelCatalog catalog,
        DeviceChoice devices,
        RequestPriority priority,
        ImmutableSortedDictionary<string, long> persistedCounters,
        TimeSpan askTimeout,
        PipelineCounters? counters = null)
    {
        _counters = counters;
        _cameraId = spec.Id;
        _devices = devices;
        _priority = priority;
        _askTimeout = askTimeout;
        var motionModel = spec.Models.FirstOrDefault(catalog.MotionDetectors.ContainsKey);
        if (motionModel is not null) _motion = new MotionDetector(catalog.MotionDetectors[motionModel]);
        _routedModels = spec.Models.Where(catalog.Models.ContainsKey).ToArray();
        // "motion" listed before a model gates it: the model runs only on frames with motion.
        _motionGatesModels = motionModel is not null && _routedModels.Length > 0
            && spec.Models.ToList().IndexOf(motionModel) < spec.Models.ToList().IndexOf(_routedModels[0]);
        _publishOverlay = spec.Outputs.HasVideoOutput || spec.Outputs.Snapshots;
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

    /// <summary>
    /// Runs the camera's models on one frame. Takes over the caller's reference to the frame (it ends up in the
    /// result, or is released when the frame is skipped).
    /// </summary>
    public Task<DetectedFrame> DetectAsync(VideoFrame frame)
    {
        List<Detection>? detections = null;
        var runModels = true;
        if (_motion is not null)
        {
            _motionBlobs.Clear();
            _motion.Process(frame, _motionBlobs);
            detections = new List<Detection>(_motionBlobs);
            runModels = !_motionGatesModels || _motion.HasMotion;
        }
        if (!runModels || _routedModels.Length == 0)
            return Task.FromResult(new DetectedFrame(frame, (IReadOnlyList<Detection>?)detections ?? [], null));
        if (_devices.Current is not { } device)
        {
            frame.Release();
            return Task.FromResult(new DetectedFrame(null, [], _devices.Describe()));
        }
        return _routedModels.Length == 1
            ? DetectOneAsync(device.Router, _routedModels[0], frame, detections)
            : DetectManyAsync(device.Router, frame, detections);
    }

    private async Task<DetectedFrame> DetectOneAsync(IActorRef router, string model, VideoFrame frame, List<Detection>? motion)
    {
        var started = Stopwatch.GetTimestamp();
        var reply = await Ask(router, model, frame).ConfigureAwait(false);
        if (reply is DetectResult result)
        {
            _counters?.RecordInference(Stopwatch.GetElapsedTime(started));
            if (motion is null) return new DetectedFrame(frame, result.Detections, null);
            motion.AddRange(result.Detections);
            return new DetectedFrame(frame, motion, null);
        }
        frame.Release();
        return new DetectedFrame(null, [], Describe(reply));
    }

    private async Task<DetectedFrame> DetectManyAsync(IActorRef router, VideoFrame frame, List<Detection>? motion)
    {
        var started = Stopwatch.GetTimestamp();
        var replies = await Task.WhenAll(_routedModels.Select(m => Ask(router, m, frame))).ConfigureAwait(false);
        var all = motion ?? new List<Detection>();
        foreach (var reply in replies)
        {
            if (reply is not DetectResult result)
            {
                frame.Release();
                return new DetectedFrame(null, [], Describe(reply));
            }
            all.AddRange(result.Detections);
        }
        _counters?.RecordInference(Stopwatch.GetElapsedTime(started));
        return new DetectedFrame(frame, all, null);
    }

    private async Task<IDetectReply> Ask(IActorRef router, string model, VideoFrame frame)
    {
        frame.Retain(); // the router's hold; it releases it whatever happens
        try
        {
            return await router.Ask<IDetectReply>(new DetectRequest(model, frame, _priority), _askTimeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return new DetectFailed(model, 0, $"no answer from the {model} router within {_askTimeout.TotalSeconds:0.#} s");
        }
    }

    private static string Describe(IDetectReply reply) => reply switch
    {
        DetectRefused refused => "refused: " + refused.Reason,
        DetectFailed failed => $"model {failed.Model} failed: {failed.Error}",
        _ => reply.ToString()!,
    };

    /// <summary>
    /// The motion detector's learnt background, for a checkpoint. Call it on the detect stage right after
    /// <see cref="DetectAsync"/> of the checkpoint frame: that stage runs ahead of <see cref="Track"/>.
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

    /// <summary>Tracker and rules for one detected frame (or the idle marker). Keeps the frame's reference in the result.</summary>
    public AnalysedFrame Track(DetectedFrame detected)
    {
        if (Interlocked.Exchange(ref _pendingRules, null) is { } rules)
        {
            _rules.ReplaceRules(rules);
            _currentRules = rules;
        }
        _events.Clear();
        if (detected.IsIdle)
        {
            _rules.EvaluateIdle(DateTime.UtcNow, _events);
            return new AnalysedFrame(null, _events.Count == 0 ? [] : _events.ToArray());
        }
        var frame = detected.Frame!;
        var tracks = _tracker.Update(AsSpan(detected.Detections), frame.StreamTime);
        var analysis = new FrameAnalysis(frame.Width, frame.Height, frame.StreamTime, frame.CaptureTimeUtc, _statistics.Measure(frame));
        _rules.Evaluate(analysis, tracks, _events);
        if (_publishOverlay || _viewersWatching) Overlay = OverlaySnapshot.Capture(tracks, frame.Width, frame.Height, frame.StreamTime);
        return new AnalysedFrame(frame, _events.Count == 0 ? [] : _events.ToArray());
    }

    private static ReadOnlySpan<Detection> AsSpan(IReadOnlyList<Detection> detections) => detections switch
    {
        Detection[] array => array,
        List<Detection> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
        _ => detections.ToArray(),
    };

    public void Dispose() => _motion?.Dispose();
}
