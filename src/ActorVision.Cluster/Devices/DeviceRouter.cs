using System.Diagnostics;
using ActorVision.Core.Imaging;
using ActorVision.Domain.Capacity;
using ActorVision.Inference.Detectors;
using ActorVision.Inference.Models;
using Akka.Actor;
using Akka.Event;
using ActorVision.Cluster.Telemetry;

namespace ActorVision.Cluster.Devices;

/// <summary>
/// Runs the ONNX models of one device (<c>cpu</c>, <c>cuda:0</c>...) for every camera and job on this node.
/// <para>
/// Per model: requests merge into one queue, live before jobs. A batch closes when it reaches max-batch, or when
/// the first request of the forming batch has waited max-delay (like Triton's dynamic batcher), and goes to a free
/// worker (shared evenly when several are idle, see spread-over-idle-workers); each worker owns a session and runs
/// on the blocking dispatcher. Each requester gets its own frame's
/// detections from the worker. Models with a fixed batch of 1 run one frame per batch, in parallel workers.
/// </para>
/// <para>
/// Overload: at most queue-capacity live requests wait per model, so a camera drops frames instead of lagging, and
/// the model's runs are shared evenly between the cameras asking (<see cref="LiveFairQueue{TRequester,TItem}"/>,
/// keyed by the requesting actor): the camera served least recently runs next, and when the queue is full the one
/// holding most or served most recently gives way, losing its oldest frame (answered at once with
/// <see cref="DetectRefused"/>). A camera is refused its new frame only when it holds none and was served more recently
/// than everyone waiting. Job requests are never refused and run after live ones; their reply simply comes later, and
/// each job keeps a bounded number of requests in flight (an ask window), so the job queue is bounded by the jobs' windows.
/// </para>
/// <para>
/// Failures: a batch that fails (exception, NaN output) is answered with <see cref="DetectFailed"/> for its
/// requests only; the worker is restarted with a fresh session and the router keeps serving. A model whose session
/// cannot be created at all fails its requests with the reason. InferenceProtocol.cs states who releases the frames.
/// </para>
/// <para>
/// Load: every load-interval the router publishes its <see cref="DeviceLoad"/> on the actor system's event stream,
/// for whoever follows this node's devices (camera pipelines on <c>auto</c>, the node's reporter and metrics).
/// </para>
/// </summary>
public sealed class DeviceRouter : ReceiveActor, IWithTimers
{
    private readonly ExecutionProvider _device;
    private readonly string _deviceName;
    private readonly InferenceSettings _settings;
    private readonly Dictionary<string, ModelLane> _lanes = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, ModelLane> _laneOfWorker = new();
    private readonly Dictionary<IActorRef, string> _workerFailures = new();
    private readonly List<IActorRef> _waitingForReady = new();
    private readonly RecentStatistics _recent;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ActorVisionMetrics _metrics = ActorVisionMetrics.Get(Context.System);
    private long _nextBatchId;
    private long _completed;
    private long _refused;
    private long _failed;

    public DeviceRouter(ExecutionProvider device, IReadOnlyList<ModelSpec> models, InferenceSettings settings, Func<ModelSpec, IObjectDetector>? createDetector)
    {
        _device = device;
        _deviceName = device.ToString();
        _settings = settings;
        _recent = new RecentStatistics(settings.StatisticsWindow);
        if (!Context.System.Dispatchers.HasDispatcher(settings.Dispatcher))
            throw new Akka.Configuration.ConfigurationException(
                $"dispatcher '{settings.Dispatcher}' is not configured: add InferenceSettings.DefaultConfig (hocon/inference.conf) to the actor system's config");
        foreach (var model in models)
        {
            // The router's device goes first; the CPU stays available as a fallback when the model allows it.
            var spec = model with { ExecutionProviders = [device] };
            var lane = new ModelLane(spec, settings.MaxBatch, settings.QueueCapacity);
            _lanes.Add(spec.Name, lane);
            for (var i = 0; i < settings.WorkersPerModel; i++)
            {
                var worker = Context.ActorOf(InferenceWorker.Props(spec, createDetector, settings.Dispatcher), $"{Sanitize(spec.Name)}-{i}");
                Context.Watch(worker);
                lane.AddWorker(worker);
                _laneOfWorker[worker] = lane;
            }
        }

        Receive<DetectRequest>(OnRequest);
        Receive<WorkerReady>(OnWorkerReady);
        Receive<WorkerUnavailable>(m => _workerFailures[Sender] = m.Reason);
        Receive<BatchCompleted>(OnBatchCompleted);
        Receive<BatchFailed>(OnBatchFailed);
        Receive<BatchDeadline>(OnDeadline);
        Receive<Terminated>(OnWorkerTerminated);
        Receive<GetDeviceLoad>(_ => Sender.Tell(Load()));
        Receive<PublishLoad>(_ => Context.System.EventStream.Publish(Load()));
        Receive<WaitUntilReady>(_ =>
        {
            _waitingForReady.Add(Sender);
            AnswerReadyWaiters();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="createDetector">Opens a session for a spec, on the worker's thread; null uses <see cref="DetectorFactory.Create"/>.</param>
    public static Props Props(ExecutionProvider device, IReadOnlyList<ModelSpec> models, InferenceSettings settings, Func<ModelSpec, IObjectDetector>? createDetector = null) =>
        Akka.Actor.Props.Create(() => new DeviceRouter(device, models, settings, createDetector));

    protected override void PreStart() => Timers.StartPeriodicTimer(nameof(PublishLoad), PublishLoad.Instance, TimeSpan.Zero, _settings.LoadInterval);

    /// <summary>Restart a worker whose batch failed (fresh session); stop one whose session cannot be created.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(
        maxNrOfRetries: -1,
        withinTimeRange: Timeout.InfiniteTimeSpan,
        localOnlyDecider: ex => ex is ActorInitializationException ? Directive.Stop : Directive.Restart);

    private void OnRequest(DetectRequest request)
    {
        if (!_lanes.TryGetValue(request.Model, out var lane))
        {
            Fail(request, Sender, $"model '{request.Model}' is not served on {_device} (it serves {string.Join(", ", _lanes.Keys)})");
            return;
        }
        if (request.Frame.Format is not (PixelFormat.Rgb24 or PixelFormat.Bgr24))
        {
            // Caught here, not in the worker, so one camera's wrong frames cannot fail other cameras' batch.
            Fail(request, Sender, $"model '{lane.Name}' takes Rgb24 or Bgr24 frames, not {request.Frame.Format}");
            return;
        }
        if (lane.Unavailable is { } reason)
        {
            Fail(request, Sender, $"model '{lane.Name}' is unavailable on {_device}: {reason}");
            return;
        }
        var wasEmpty = lane.Queued == 0;
        var admission = lane.Enqueue(new PendingRequest(request, Sender, Stopwatch.GetTimestamp()), out var notRun);
        if (notRun is not null) Refuse(lane, notRun, admission);
        if (admission == LiveAdmission.Refused) return;
        if (wasEmpty) ArmDeadline(lane);
        Dispatch(lane);
    }

    /// <summary>A live request that will not run because the queue is full: the new one, or one it took the place of.</summary>
    private void Refuse(ModelLane lane, PendingRequest pending, LiveAdmission admission)
    {
        _refused++;
        _metrics.RequestsNotServed(_deviceName, lane.Name, "refused");
        pending.Request.Frame.Release();
        var full = $"the {_device} queue of model '{lane.Name}' is full ({_settings.QueueCapacity} live requests waiting)";
        var reason = admission switch
        {
            LiveAdmission.ReplacedOlder => $"{full}: replaced by a newer frame of the same camera",
            LiveAdmission.ShedOther => $"{full}: shed for fairness, this camera had the most queued or was served most recently",
            _ => $"{full} and this camera was served more recently than those waiting",
        };
        pending.ReplyTo.Tell(new DetectRefused(lane.Name, pending.Request.CorrelationId, reason));
    }

    private void Dispatch(ModelLane lane)
    {
        var noDelay = _settings.MaxDelay <= TimeSpan.Zero;
        var hold = lane.Holds(_settings.HoldWhileBusy);
        while (lane.BatchDue(noDelay, hold))
        {
            var closedBySize = lane.Queued >= lane.MaxBatch;
            // What is due now is shared evenly among the idle workers (or fills one batch when spreading is off):
            // 8 queued and 2 idle give 4 + 4. Under saturation one worker frees at a time, so batches stay full.
            // Where batching pays (hold), a partial batch is not split: it is one run.
            var workers = _settings.SpreadOverIdleWorkers && (!hold || lane.Queued >= lane.MaxBatch * lane.FreeWorkers) ? lane.FreeWorkers : 1;
            var due = Math.Min(lane.Queued, lane.MaxBatch * workers);
            for (var share = workers; share > 0 && due > 0; share--)
            {
                var size = (due + share - 1) / share;
                var (worker, requests) = lane.TakeBatch(size);
                worker.Tell(new RunBatch(++_nextBatchId, requests));
                due -= size;
            }
            if (lane.Queued == 0)
            {
                CancelDeadline(lane);
            }
            else if (closedBySize && !lane.DeadlinePassed)
            {
                // The remaining requests start a new batch: its delay counts from now.
                CancelDeadline(lane);
                ArmDeadline(lane);
            }
        }
    }

    private void ArmDeadline(ModelLane lane)
    {
        if (lane.DeadlineArmed || _settings.MaxDelay <= TimeSpan.Zero) return;
        lane.DeadlineArmed = true;
        lane.DeadlinePassed = false;
        Timers.StartSingleTimer(lane.Name, new BatchDeadline(lane.Name), _settings.MaxDelay);
    }

    private void CancelDeadline(ModelLane lane)
    {
        Timers.Cancel(lane.Name);
        lane.DeadlineArmed = false;
        lane.DeadlinePassed = false;
    }

    private void OnDeadline(BatchDeadline deadline)
    {
        if (!_lanes.TryGetValue(deadline.Model, out var lane)) return;
        lane.DeadlineArmed = false;
        lane.DeadlinePassed = lane.Queued > 0;
        Dispatch(lane);
    }

    private void OnWorkerReady(WorkerReady ready)
    {
        if (!_laneOfWorker.TryGetValue(Sender, out var lane)) return;
        lane.WorkerReady(Sender, ready.MaxBatch, ready.Provider);
        _log.Debug("Model {0} worker {1} ready on {2} (max batch {3})", lane.Name, Sender.Path.Name, ready.Provider, ready.MaxBatch);
        AnswerReadyWaiters();
        Dispatch(lane);
    }

    private void OnBatchCompleted(BatchCompleted done)
    {
        if (!_laneOfWorker.TryGetValue(Sender, out var lane)) return;
        _completed += done.Size;
        _recent.AddBatch(done.Size, done.Inference);
        var paid = lane.Costs.BatchingPays;
        lane.Costs.Record(done.Size, done.Inference);
        if (lane.Costs.BatchingPays != paid && _settings.HoldWhileBusy == HoldWhileBusy.Auto)
            _log.Info("Model {0} on {1}: {2:0.0} ms a frame in large batches against {3:0.0} ms alone: {4}", lane.Name, _device,
                lane.Costs.LargeBatchMsPerFrame, lane.Costs.SingleFrameMs,
                paid ? "no longer holding requests while a batch runs" : "holding requests while a batch runs, for larger batches");
        _metrics.BatchCompleted(_deviceName, lane.Name, done.Size, done.Inference);
        var now = Stopwatch.GetTimestamp();
        foreach (var request in lane.WorkerFinished(Sender))
        {
            var latency = Stopwatch.GetElapsedTime(request.ReceivedTicks, now);
            _recent.AddRequest(latency);
            _metrics.RequestCompleted(_deviceName, lane.Name, latency);
        }
        Dispatch(lane);
    }

    private void OnBatchFailed(BatchFailed failed)
    {
        if (!_laneOfWorker.TryGetValue(Sender, out var lane)) return;
        _failed += failed.Size;
        _metrics.RequestsNotServed(_deviceName, lane.Name, "failed", failed.Size);
        _log.Warning("{0} on {1}; restarting that worker", failed.Error, _device);
        lane.WorkerRestarting(Sender);
    }

    private void OnWorkerTerminated(Terminated terminated)
    {
        var worker = terminated.ActorRef;
        if (!_laneOfWorker.Remove(worker, out var lane)) return;
        var reason = _workerFailures.Remove(worker, out var failure) ? failure : "its worker stopped";
        if (!lane.WorkerGone(worker, reason)) return;
        _log.Error("Model {0} is unavailable on {1}: {2}", lane.Name, _device, reason);
        CancelDeadline(lane);
        foreach (var pending in lane.Drain()) Fail(pending.Request, pending.ReplyTo, $"model '{lane.Name}' is unavailable on {_device}: {reason}");
        AnswerReadyWaiters();
    }

    private void Fail(DetectRequest request, IActorRef replyTo, string error)
    {
        _failed++;
        _metrics.RequestsNotServed(_deviceName, request.Model, "failed");
        request.Frame.Release();
        replyTo.Tell(new DetectFailed(request.Model, request.CorrelationId, error));
    }

    private void AnswerReadyWaiters()
    {
        if (_waitingForReady.Count == 0 || !_lanes.Values.All(l => l.Settled)) return;
        var unavailable = _lanes.Values.Where(l => l.Unavailable is not null).ToDictionary(l => l.Name, l => l.Unavailable!);
        var ready = new DeviceReady(_device.ToString(), unavailable);
        foreach (var waiter in _waitingForReady) waiter.Tell(ready);
        _waitingForReady.Clear();
    }

    private DeviceLoad Load()
    {
        int live = 0, jobs = 0, inFlight = 0, workers = 0, busy = 0;
        foreach (var lane in _lanes.Values)
        {
            live += lane.QueuedLive;
            jobs += lane.QueuedJobs;
            inFlight += lane.InFlight;
            workers += lane.ReadyWorkers;
            busy += lane.BusyWorkers;
        }
        var (p50, p99) = _recent.Latency();
        var providers = _lanes.Values.SelectMany(l => l.Providers).Distinct().Order().ToArray();
        return new DeviceLoad(_device.ToString(), providers, live, jobs, inFlight, workers, busy,
            _recent.MeanBatchSize, _recent.MeanInference, p50, p99, _completed, _refused, _failed);
    }

    protected override void PostStop()
    {
        // Requests still queued will never run: answer them and give their frames back.
        foreach (var lane in _lanes.Values)
        foreach (var pending in lane.Drain())
            Fail(pending.Request, pending.ReplyTo, $"the {_device} router stopped");
    }

    private static string Sanitize(string name) =>
        Uri.EscapeDataString(name.Replace('/', '-').Replace(' ', '-'));
}
