using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Storage;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Telemetry;
using ActorVision.Core.Cameras;
using ActorVision.Core.Validation;
using ActorVision.Media;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;
using ActorVision.Media.Sinks;

namespace ActorVision.Cluster.Jobs.Running;

/// <summary>
/// Runs one attempt of a job for its entity (the parent), on the entity's node: materialises <see cref="JobGraph"/>
/// from the job's checkpoint (or the first frame), reports progress every status interval, and tells the entity how
/// the run ended. Stopping it (a cancel) stops the graph through its kill switch and interrupts a blocked read, so
/// the decoder and the job's place at the device are freed at once. It starts once its node's <see cref="NodeDevices"/>
/// has said which routers there are.
/// </summary>
public sealed class JobRunner : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan DevicesTimeout = TimeSpan.FromSeconds(10);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _jobId;
    private readonly AnalysisJobSpec _spec;
    private readonly JobCheckpoint? _checkpoint;
    private readonly string? _annotatedVideoPath;
    private readonly JobRunnerDependencies _dependencies;
    private readonly JobSourceObserver _source = new();
    private JobCounters _counters = new(0, 0);
    private UniqueKillSwitch? _killSwitch;
    private bool _ended;
    private long _lastDone;
    private long _lastAnalysed;
    private long _lastTicks = Stopwatch.GetTimestamp();

    public JobRunner(string jobId, AnalysisJobSpec spec, JobCheckpoint? checkpoint, string? annotatedVideoPath, JobRunnerDependencies dependencies)
    {
        _jobId = jobId;
        _spec = spec;
        _checkpoint = checkpoint;
        _annotatedVideoPath = annotatedVideoPath;
        _dependencies = dependencies;
        Receive<LocalDevices>(devices =>
        {
            Timers.Cancel(nameof(DevicesUnanswered));
            Start(devices);
        });
        Receive<DevicesUnanswered>(_ => End(JobRunOutcome.Failed, $"this node's device directory did not answer within {DevicesTimeout.TotalSeconds:0} s", transient: true));
        Receive<GraphFinished>(OnGraphFinished);
        Receive<StatusTick>(_ => ReportProgress());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string jobId, AnalysisJobSpec spec, JobCheckpoint? checkpoint, string? annotatedVideoPath, JobRunnerDependencies dependencies) =>
        Akka.Actor.Props.Create(() => new JobRunner(jobId, spec, checkpoint, annotatedVideoPath, dependencies));

    protected override void PreStart()
    {
        _dependencies.Devices.Tell(GetLocalDevices.Instance);
        Timers.StartSingleTimer(nameof(DevicesUnanswered), DevicesUnanswered.Instance, DevicesTimeout);
    }

    private void Start(LocalDevices localDevices)
    {
        var camera = _spec.ToCameraSpec(_jobId, _annotatedVideoPath);
        var devices = new DeviceChoice(localDevices, camera.Device);
        var analyser = new FrameAnalyser(camera, _dependencies.Catalog, devices, RequestPriority.Job,
            ImmutableSortedDictionary<string, long>.Empty);
        if (analyser.UsesDevice && devices.Current is null)
        {
            analyser.Dispose();
            End(JobRunOutcome.Failed, devices.Describe(), transient: true);
            return;
        }

        var sampler = new AnalysisSampler(_spec.EffectiveFps);
        long skip = 0;
        if (_checkpoint is { } checkpoint)
        {
            analyser.Restore(checkpoint.Motion, checkpoint.Tracking);
            sampler.Restore(checkpoint.SamplerNextDue);
            skip = checkpoint.FramesToSkip;
            _counters = new JobCounters(skip, checkpoint.FramesAnalysed);
            _log.Info("job {0}: resuming after frame {1} ({2:0.###} s of video)", _jobId, checkpoint.FrameIndex, checkpoint.StreamTime.TotalSeconds);
        }
        _lastDone = _counters.FramesDone;
        _lastAnalysed = _counters.FramesAnalysed;

        var pipelines = new CameraPipelineDependencies(_dependencies.Catalog, _dependencies.Devices, _dependencies.Decode, _dependencies.Sources, _dependencies.Outputs);
        var refused = new List<FieldError>();
        if (CameraPaths.Resolve(camera, pipelines, refused) is not { } paths)
        {
            analyser.Dispose();
            End(JobRunOutcome.Failed, CameraPaths.Refusal(refused.Select(e => e.Path == "sourceUrl" ? e with { Path = JobSpecValidator.InputField } : e)), transient: false);
            return;
        }
        // Without an annotated video there is no reason to convert frames the sampler would skip.
        var maxFps = _annotatedVideoPath is null && !_spec.EveryFrame ? (double?)_spec.AnalysisFps : null;
        var options = CameraSource.Options(camera with { SourceUrl = paths.Source }, _dependencies.Decode, maxFps) with { AllowedSchemes = _dependencies.Sources.AllowedSchemes };
        var analysis = new JobAnalysis(analyser, sampler, new CheckpointClock(_dependencies.Jobs.CheckpointInterval), _counters,
            Context.Parent, _dependencies.Jobs.InferenceWindow, _dependencies.Jobs.InferenceTimeout,
            frameIndex => Progress(frameIndex + 1, _counters.FramesAnalysed));
        foreach (var file in paths.VideoOutputs.OfType<Mp4Output>()) Directory.CreateDirectory(Path.GetDirectoryName(file.Path)!);
        var output = paths.VideoOutputs.Count == 0 ? null : AnnotatedOutput.Sink(camera, paths.VideoOutputs, analyser, new PipelineCounters(camera.Id, ActorVisionMetrics.Get(Context.System)), _source.Handle,
            NodeStorage.Get(Context.System));

        var (killSwitch, completion) = JobGraph.Create(CameraSource.Create(camera, options, _dependencies.Decode, _source, skip), analysis, output)
            .Run(Context.Materializer());
        _killSwitch = killSwitch;
        completion.ContinueWith(t => new GraphFinished(t.Exception?.GetBaseException()), TaskScheduler.Default).PipeTo(Self);
        completion.ContinueWith(_ => analyser.Dispose(), TaskScheduler.Default);
        Timers.StartPeriodicTimer("status", StatusTick.Instance, _dependencies.Jobs.StatusInterval);
    }

    protected override void PostStop()
    {
        _source.Handle.Interrupt();
        _killSwitch?.Shutdown();
    }

    private void OnGraphFinished(GraphFinished finished)
    {
        var done = Math.Max(_counters.FramesDone, _source.FramesDecoded);
        if (finished.Error is null)
        {
            // The end of the file: the real frame count is known now.
            var progress = Progress(done, _counters.FramesAnalysed) with { FramesTotal = done };
            _log.Info("job {0}: analysed {1} of {2} frames", _jobId, progress.FramesAnalysed, done);
            End(JobRunOutcome.Completed, null, transient: false, progress);
            return;
        }
        var error = finished.Error;
        if (error is MediaException { Kind: MediaErrorKind.InvalidData } cut && done > 0)
        {
            // A recording cut short or damaged at the end: what could be read was analysed.
            var total = _source.Info?.EstimatedFrameCount ?? done;
            var missing = Math.Max(0, total - done);
            var progress = Progress(done, _counters.FramesAnalysed) with
            {
                FramesTotal = done,
                FramesUndecodable = _source.FramesCorrupt + missing,
            };
            End(JobRunOutcome.Completed, $"the input ends in damaged data after frame {done}: {cut.Message}", transient: false, progress);
            return;
        }
        var (reason, transient) = error switch
        {
            MediaException media => (SourceProblem.Describe(media), media.IsTransient),
            FrameNotAnalysedException analysis => (analysis.Message, true),
            TimeoutException timeout => (timeout.Message, true),
            _ => ($"{error.GetType().Name}: {error.Message}", true),
        };
        _log.Warning("job {0}: attempt failed ({1}): {2}", _jobId, transient ? "will retry" : "permanent", reason);
        End(JobRunOutcome.Failed, reason, transient);
    }

    private void End(JobRunOutcome outcome, string? reason, bool transient, JobProgress? progress = null)
    {
        if (_ended) return;
        _ended = true;
        Context.Parent.Tell(new JobRunEnded(progress ?? Progress(_counters.FramesDone, _counters.FramesAnalysed), outcome, reason, transient));
        Context.Stop(Self);
    }

    private void ReportProgress()
    {
        var now = Stopwatch.GetTimestamp();
        var seconds = Stopwatch.GetElapsedTime(_lastTicks, now).TotalSeconds;
        var done = _counters.FramesDone;
        var analysed = _counters.FramesAnalysed;
        var decodeFps = seconds > 0 ? (done - _lastDone) / seconds : 0;
        var analysisFps = seconds > 0 ? (analysed - _lastAnalysed) / seconds : 0;
        (_lastTicks, _lastDone, _lastAnalysed) = (now, done, analysed);
        Context.Parent.Tell(new JobProgressReported(Progress(done, analysed) with { AnalysisFps = analysisFps }, decodeFps));
    }

    private JobProgress Progress(long framesDone, long framesAnalysed) =>
        new(framesDone, _source.Info?.EstimatedFrameCount ?? 0, framesAnalysed, _source.FramesCorrupt, 0);

    private sealed record GraphFinished(Exception? Error);

    private sealed record DevicesUnanswered
    {
        public static DevicesUnanswered Instance { get; } = new();
    }

    private sealed record StatusTick
    {
        public static StatusTick Instance { get; } = new();
    }
}
