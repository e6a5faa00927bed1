using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using ActorVision.Cluster.Cameras.Messages;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Storage;
using ActorVision.Cluster.Telemetry;
using ActorVision.Core.Cameras;
using ActorVision.Core.Validation;
using ActorVision.Media;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Domain.Storage;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// Runs one camera's <see cref="CameraGraph"/> for its entity (the parent) on the entity's node. It reports the
/// camera's run state as the source connects, fails and reconnects, sends statistics every status interval, applies
/// rule updates without restarting the decoder, and follows the least-loaded local device. Stopping it stops the
/// graph through its kill switch and interrupts a blocked read, so every native resource is released. It starts
/// once its node's <see cref="NodeDevices"/> has said which routers there are; what arrives before waits in the stash.
/// </summary>
public sealed class CameraPipeline : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    private static readonly TimeSpan DevicesTimeout = TimeSpan.FromSeconds(10);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CameraSpec _spec;
    private readonly ImmutableSortedDictionary<string, long> _persistedCounters;
    private readonly CameraPipelineDependencies _dependencies;
    private readonly PipelineCounters _counters;
    private readonly SourceHandle _source = new();
    private FrameAnalyser? _analyser;
    private LiveViewTap? _liveView;
    private IActorRef? _liveViewEncoder;
    private DeviceChoice? _devices;
    private LocalDevices? _localDevices;
    private UniqueKillSwitch? _killSwitch;
    private CameraRunState _state = CameraRunState.Starting;
    private string? _reason;
    private StatisticsClock _clock;

    public CameraPipeline(CameraSpec spec, ImmutableSortedDictionary<string, long> persistedCounters, CameraPipelineDependencies dependencies)
    {
        _spec = spec;
        _persistedCounters = persistedCounters;
        _dependencies = dependencies;
        _counters = new PipelineCounters(spec.Id, ActorVisionMetrics.Get(Context.System));

        Receive<LocalDevices>(devices =>
        {
            Timers.Cancel(nameof(DevicesUnanswered));
            Become(Running);
            Stash.UnstashAll();
            _localDevices = devices;
            RequestStart();
        });
        Receive<DevicesUnanswered>(_ => Fail($"this node's device directory did not answer within {DevicesTimeout.TotalSeconds:0} s"));
        ReceiveAny(_ => Stash.Stash());
    }

    private DateTime? _lastBehindLog;
    private int _behindUnlogged;

    private void Running()
    {
        Receive<ApplyRules>(m => _analyser?.ReplaceRules(m.Rules));
        Receive<WatchLiveView>(m => _liveViewEncoder?.Forward(m));
        Receive<SourceOpened>(OnSourceOpened);
        Receive<SourceFailed>(OnSourceFailed);
        Receive<SourceFellBehind>(OnSourceFellBehind);
        Receive<DetectionSkipped>(m => _lastSkipReason = m.Reason);
        Receive<RecordingFailed>(OnRecordingFailed);
        Receive<GraphFinished>(OnGraphFinished);
        Receive<CameraStartPermitted>(_ =>
        {
            _startPending = true;
            Report(CameraRunState.Starting, null);
            Start();
        });
        Receive<StatusTick>(_ => ReportStatistics());
        Receive<DeviceLoad>(load => _devices?.Observe(load));
    }

    private string? _lastSkipReason;
    // Holding a start permit of the node's CameraStartPacer: handed back once the source opened or the start failed.
    private bool _startPending;
    private readonly Dictionary<RecordingProblem, string> _recordingProblems = new();
    private NodeStorage _storage = null!;
    /// <summary>Whether this camera writes anything a full disk pauses (snapshots, MP4 recordings).</summary>
    private bool _writesFiles;
    private string? _storagePause;

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    public static Props Props(CameraSpec spec, ImmutableSortedDictionary<string, long> persistedCounters, CameraPipelineDependencies dependencies) =>
        Akka.Actor.Props.Create(() => new CameraPipeline(spec, persistedCounters, dependencies));

    protected override void PreStart()
    {
        _dependencies.Devices.Tell(GetLocalDevices.Instance);
        Timers.StartSingleTimer(nameof(DevicesUnanswered), DevicesUnanswered.Instance, DevicesTimeout);
    }

    /// <summary>A node starting many cameras at once opens a few sources at a time (<see cref="CameraStartPacer"/>).</summary>
    private void RequestStart()
    {
        if (_dependencies.StartPacer is { } pacer)
        {
            Report(CameraRunState.Starting, $"waiting its turn: this node opens {_dependencies.Settings.StartPacing.Concurrency} camera sources at a time");
            pacer.Tell(RequestCameraStart.Instance);
            return;
        }
        Report(CameraRunState.Starting, null);
        Start();
    }

    private void Start()
    {
        if (_analyser is not null || _localDevices is not { } localDevices) return;
        var settings = _dependencies.Settings;
        _storage = NodeStorage.Get(Context.System);
        _devices = new DeviceChoice(localDevices, _spec.Device);
        // Routers publish their loads; a camera on "auto" follows the least-loaded one.
        if (_devices.FollowsLoad) Context.System.EventStream.Subscribe(Self, typeof(DeviceLoad));
        _analyser = new FrameAnalyser(_spec, _dependencies.Catalog, _devices,
            _spec.Mode == SourceMode.Live ? RequestPriority.Live : RequestPriority.Job, _persistedCounters);
        if (_analyser.UsesDevice && _devices.Current is null)
        {
            Fail(_devices.Describe());
            return;
        }

        var refused = new List<FieldError>();
        if (CameraPaths.Resolve(_spec, _dependencies, refused) is not { } paths)
        {
            Fail(CameraPaths.Refusal(refused));
            return;
        }

        _writesFiles = paths.SnapshotFolder is not null || paths.VideoOutputs.Any(o => o.IsRecording);
        var self = Self;
        var observer = new ActorSourceObserver(self, _source, _counters);
        // Without a video output there is no reason to decode frames that analysis would skip.
        var maxFps = _spec.Outputs.HasVideoOutput ? (double?)null : _spec.AnalysisFps;
        var options = CameraSource.Options(_spec with { SourceUrl = paths.Source }, settings, maxFps) with
        {
            AllowedSchemes = _dependencies.Sources.AllowedSchemes,
            SharedPools = _dependencies.Frames,
        };
        var analyser = _analyser;
        var snapshots = paths.SnapshotFolder is { } folder
            ? Context.ActorOf(SnapshotWriter.Props(new EventSnapshots(folder, () => analyser.Rules, _storage, _counters)), "snapshots")
            : null;
        var counters = _counters;
        var stages = new CameraGraphStages
        {
            Analyser = _analyser,
            Counters = _counters,
            Analysis = new FrameAnalysisOptions
            {
                Window = settings.InferenceParallelism,
                // A file camera never drops: its requests (job priority) wait behind live ones on a saturated node for
                // as long as that takes, and the router answers each one (a failed model or a stopping router fails it).
                DetectTimeout = _spec.Mode == SourceMode.Live ? settings.Timeouts.Detect : Timeout.InfiniteTimeSpan,
                Tick = settings.StatusInterval,
                // Camera-health rules ("no frames") need the rules to run when nothing arrives; a file never idles.
                EmitIdle = _spec.Mode == SourceMode.Live,
                AnalyseAhead = _spec.Mode != SourceMode.Live,
                Dropped = (reason, description) =>
                {
                    counters.FrameDropped(reason);
                    self.Tell(new DetectionSkipped(description));
                },
                Counters = _counters,
            },
            Recording = new EventRecordOptions
            {
                Entity = Context.Parent,
                Counters = _counters,
                Analyser = _analyser,
                PersistTimeout = settings.Timeouts.Persist,
                SnapshotWriter = snapshots,
                SnapshotTimeout = settings.Timeouts.Snapshot,
                LiveView = _liveView = new LiveViewTap(),
                Problem = (problem, reason) => self.Tell(new RecordingFailed(problem, reason)),
            },
            VideoOutput = paths.VideoOutputs.Count > 0 ? AnnotatedOutput.Sink(_spec, paths.VideoOutputs, _analyser, _counters, _source, _storage) : null,
        };
        _liveViewEncoder = Context.ActorOf(LiveViewEncoder.Props(_spec.Id, _liveView, _analyser), "live-view");

        // A frame the decoder replaced before the graph took it: without video outputs every decoded frame was due for analysis.
        Action replaced = _spec.Outputs.HasVideoOutput
            ? () => counters.OutputFrameDropped(FrameDropReason.Replaced)
            : () => counters.FrameDropped(FrameDropReason.Replaced);
        // Frames the decoder dropped to catch up with real time, counted the same way.
        Action<long> behind = _spec.Outputs.HasVideoOutput
            ? n => counters.OutputFrameDropped(FrameDropReason.Behind, n)
            : n => counters.FrameDropped(FrameDropReason.Behind, n);
        var (killSwitch, completion) = CameraGraph.Create(_spec, CameraSource.Create(_spec, options, settings, observer, replaced: replaced, behind: behind), stages)
            .Run(Context.Materializer());
        _killSwitch = killSwitch;
        completion.ContinueWith(t => new GraphFinished(t.Exception?.GetBaseException()), TaskScheduler.Default).PipeTo(self);
        // Native encoders are freed once no stage can use them any more, whether the graph ended or was killed.
        var liveView = _liveView;
        completion.ContinueWith(_ =>
        {
            liveView.Dispose();
            analyser.Dispose();
        }, TaskScheduler.Default);

        _clock = StatisticsClock.Start(_counters);
        Timers.StartPeriodicTimer("status", StatusTick.Instance, settings.StatusInterval);
    }

    /// <summary>The source opened or the start failed: the next camera may start.</summary>
    private void StartDone()
    {
        if (_startPending) _dependencies.StartPacer?.Tell(CameraStartDone.Instance);
        _startPending = false;
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _liveView?.Dispose();
        _source.Interrupt();
        _killSwitch?.Shutdown();
    }

    private void OnSourceOpened(SourceOpened opened)
    {
        if (_state == CameraRunState.Reconnecting)
        {
            _counters.Reconnected();
            ReportStatistics();
        }
        StartDone();
        var info = opened.Info;
        _log.Info("camera {0}: {1}", _spec.Id,
            $"{info.Codec} {info.SourceWidth}x{info.SourceHeight} -> {info.OutputWidth}x{info.OutputHeight} at {info.FrameRate:0.##} fps");
        Report(CameraRunState.Running, null);
    }

    /// <summary>A decoder that stays too slow falls behind again every second or so: one line a minute says so.</summary>
    private void OnSourceFellBehind(SourceFellBehind behind)
    {
        var now = DateTime.UtcNow;
        if (_lastBehindLog is { } last && now - last < TimeSpan.FromMinutes(1))
        {
            _behindUnlogged++;
            return;
        }
        _log.Warning("camera {0}: decoding is {1:0.0} s behind real time, dropping frames to catch up (counted as dropped, reason behind; " +
                     "{2} more times since the last report)", _spec.Id, behind.Lag.TotalSeconds, _behindUnlogged);
        _lastBehindLog = now;
        _behindUnlogged = 0;
    }

    private void OnSourceFailed(SourceFailed failed)
    {
        StartDone();
        var reason = SourceProblem.Describe(failed.Error);
        if (_spec.Mode == SourceMode.File)
        {
            // A file that cannot be read will not get better.
            Report(CameraRunState.Failed, reason);
        }
        else if (!failed.Error.IsTransient && _state != CameraRunState.Running)
        {
            // A live source that cannot be opened for a reason waiting briefly will not fix (not a video, wrong
            // credentials, a codec or protocol not supported, refused by policy): the pipeline fails, and the entity
            // tries again with its longer restart backoff, saying when.
            Fail(reason);
        }
        else
        {
            // Refused, lost, timed out, a stream not there yet: the source reconnects by itself with backoff.
            Report(CameraRunState.Reconnecting, reason);
        }
    }

    private void OnGraphFinished(GraphFinished finished)
    {
        if (finished.Error is { } error)
        {
            Fail(error is MediaException media ? SourceProblem.Describe(media) : $"{error.GetType().Name}: {error.Message}");
            return;
        }
        if (_spec.Mode == SourceMode.File && _state != CameraRunState.Failed)
        {
            ReportStatistics();
            Report(CameraRunState.Completed, CameraEntity.FileCompletedReason(_counters.FramesIn));
        }
        Context.Stop(Self);
    }

    private void Fail(string reason)
    {
        StartDone();
        Report(CameraRunState.Failed, reason);
        Context.Stop(Self);
    }

    private void Report(CameraRunState state, string? reason)
    {
        if (state == _state && reason == _reason && state != CameraRunState.Starting) return;
        _state = state;
        _reason = reason;
        Context.Parent.Tell(new PipelineStateChanged(state, reason));
    }

    private void OnRecordingFailed(RecordingFailed failed)
    {
        // Logged once per status interval at most: a full disk fails every snapshot.
        if (!_recordingProblems.ContainsKey(failed.Problem))
            _log.Warning("camera {0}: {1}", _spec.Id, RecordingProblemText(failed.Problem, failed.Reason));
        _recordingProblems[failed.Problem] = failed.Reason;
    }

    private static string RecordingProblemText(RecordingProblem problem, string reason) => problem switch
    {
        RecordingProblem.SnapshotNotWritten => "event snapshots are not written: " + reason,
        _ => reason,
    };

    private void ReportStatistics()
    {
        var statistics = _clock.Sample(_counters);
        Context.Parent.Tell(new PipelineStatisticsReported(statistics));
        if (_state == CameraRunState.Running)
        {
            // What keeps a running camera from doing all its work, as seen over the last interval; none: no reason.
            var problems = new List<string>();
            if (_writesFiles && _storage.Current.Reason is { } pause)
            {
                // A full disk pauses snapshots and recordings; first, so the reason starts with it. Shown as it was when the
                // pause started, not each time the free space it quotes changes.
                _storagePause ??= pause;
                problems.Add(_storagePause);
            }
            else
            {
                _storagePause = null;
            }
            if (_lastSkipReason is { } skipped && statistics.FpsAnalysed == 0) problems.Add("frames are not analysed: " + skipped);
            problems.AddRange(_recordingProblems.Select(p => RecordingProblemText(p.Key, p.Value)));
            Report(CameraRunState.Running, problems.Count == 0 ? null : string.Join("; ", problems));
        }
        _lastSkipReason = null;
        _recordingProblems.Clear();
    }

    private sealed record SourceOpened(StreamInfo Info);

    private sealed record SourceFailed(MediaException Error);
    private sealed record SourceFellBehind(TimeSpan Lag);

    private sealed record DetectionSkipped(string Reason);

    private sealed record RecordingFailed(RecordingProblem Problem, string Reason);

    private sealed record GraphFinished(Exception? Error);

    private sealed record DevicesUnanswered
    {
        public static DevicesUnanswered Instance { get; } = new();
    }

    private sealed record StatusTick
    {
        public static StatusTick Instance { get; } = new();
    }

    /// <summary>Turns source notifications (from the decode thread) into messages to the pipeline actor.</summary>
    private sealed class ActorSourceObserver(IActorRef pipeline, SourceHandle handle, PipelineCounters counters) : ISourceObserver
    {
        public void Opened(StreamInfo info)
        {
            handle.Opened(info);
            pipeline.Tell(new SourceOpened(info));
        }
        public void Failed(MediaException error) => pipeline.Tell(new SourceFailed(error));
        public void Current(FrameSource? source) => handle.Set(source);
        public void FrameRead(TimeSpan elapsed) => counters.RecordDecode(elapsed);
        public void FellBehind(TimeSpan lag) => pipeline.Tell(new SourceFellBehind(lag));
    }
}
