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
            Start(devices);
        });
        Receive<DevicesUnanswered>(_ => Fail($"this node's device directory did not answer within {DevicesTimeout.TotalSeconds:0} s"));
        ReceiveAny(_ => Stash.Stash());
    }

    private void Running()
    {
        Receive<ApplyRules>(m => _analyser?.ReplaceRules(m.Rules));
        Receive<WatchLiveView>(m => _liveViewEncoder?.Forward(m));
        Receive<SourceOpened>(OnSourceOpened);
        Receive<SourceFailed>(OnSourceFailed);
        Receive<DetectionSkipped>(m => _lastSkipReason = m.Reason);
        Receive<GraphFinished>(OnGraphFinished);
        Receive<StatusTick>(_ => ReportStatistics());
        Receive<DeviceLoad>(load => _devices?.Observe(load));
    }

    private string? _lastSkipReason;
    private NodeStorage _storage = null!;
    /// <summary>Whether this camera writes anything a full disk pauses (snapshots, MP4 recordings).</summary>
    private bool _writesFiles;

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    public static Props Props(CameraSpec spec, ImmutableSortedDictionary<string, long> persistedCounters, CameraPipelineDependencies dependencies) =>
        Akka.Actor.Props.Create(() => new CameraPipeline(spec, persistedCounters, dependencies));

    protected override void PreStart()
    {
        _dependencies.Devices.Tell(GetLocalDevices.Instance);
        Timers.StartSingleTimer(nameof(DevicesUnanswered), DevicesUnanswered.Instance, DevicesTimeout);
    }

    private void Start(LocalDevices localDevices)
    {
        var settings = _dependencies.Settings;
        _storage = NodeStorage.Get(Context.System);
        _devices = new DeviceChoice(localDevices, _spec.Device);
        // Routers publish their loads; a camera on "auto" follows the least-loaded one.
        if (_devices.FollowsLoad) Context.System.EventStream.Subscribe(Self, typeof(DeviceLoad));
        _analyser = new FrameAnalyser(_spec, _dependencies.Catalog, _devices,
            _spec.Mode == SourceMode.Live ? RequestPriority.Live : RequestPriority.Job, _persistedCounters, TimeSpan.FromSeconds(30), _counters);
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
        var options = CameraSource.Options(_spec with { SourceUrl = paths.Source }, settings, maxFps) with { AllowedSchemes = _dependencies.Sources.AllowedSchemes };
        var snapshots = paths.SnapshotFolder is { } folder ? new EventSnapshots(folder, () => _analyser.Rules, _storage, _counters) : null;
        var stages = new CameraGraphStages(
            _analyser, _counters, Context.Parent, settings.InferenceParallelism, settings.StatusInterval,
            videoOutput: paths.VideoOutputs.Count > 0 ? AnnotatedOutput.Sink(_spec, paths.VideoOutputs, _analyser, _counters, _source, _storage) : null,
            snapshots,
            detectionSkipped: reason => self.Tell(new DetectionSkipped(reason)),
            _liveView = new LiveViewTap());
        _liveViewEncoder = Context.ActorOf(LiveViewEncoder.Props(_spec.Id, _liveView, _analyser), "live-view");

        var (killSwitch, completion) = CameraGraph.Create(_spec, CameraSource.Create(_spec, options, settings, observer), stages)
            .Run(Context.Materializer());
        _killSwitch = killSwitch;
        completion.ContinueWith(t => new GraphFinished(t.Exception?.GetBaseException()), TaskScheduler.Default).PipeTo(self);
        // Native encoders are freed once no stage can use them any more, whether the graph ended or was killed.
        var analyser = _analyser;
        var liveView = _liveView;
        completion.ContinueWith(_ =>
        {
            liveView.Dispose();
            snapshots?.Dispose();
            analyser.Dispose();
        }, TaskScheduler.Default);

        _clock = StatisticsClock.Start(_counters);
        Timers.StartPeriodicTimer("status", StatusTick.Instance, settings.StatusInterval);
        Report(CameraRunState.Starting, null);
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
        var info = opened.Info;
        _log.Info("camera {0}: {1}", _spec.Id,
            $"{info.Codec} {info.SourceWidth}x{info.SourceHeight} -> {info.OutputWidth}x{info.OutputHeight} at {info.FrameRate:0.##} fps");
        Report(CameraRunState.Running, null);
    }

    private void OnSourceFailed(SourceFailed failed)
    {
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

    private void ReportStatistics()
    {
        var statistics = _clock.Sample(_counters);
        Context.Parent.Tell(new PipelineStatisticsReported(statistics));
        if (_state == CameraRunState.Running && _lastSkipReason is { } skipped && statistics.FpsAnalysed == 0)
            Report(CameraRunState.Running, "frames are not analysed: " + skipped);
        else if (_state == CameraRunState.Running && _writesFiles)
            ReportStoragePause();
        _lastSkipReason = null;
    }

    /// <summary>A running camera says in its status while the node's full disk pauses its snapshots and recordings.</summary>
    private void ReportStoragePause()
    {
        var pause = _storage.Current.Reason;
        // The reason is reported when the pause starts, not each time the free space it quotes changes.
        var shown = _reason?.StartsWith(FreeSpaceRule.ReasonPrefix, StringComparison.Ordinal) == true;
        if (pause is not null && !shown) Report(CameraRunState.Running, pause);
        else if (pause is null && shown) Report(CameraRunState.Running, null);
    }

    private sealed record SourceOpened(StreamInfo Info);

    private sealed record SourceFailed(MediaException Error);

    private sealed record DetectionSkipped(string Reason);

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
    }
}
