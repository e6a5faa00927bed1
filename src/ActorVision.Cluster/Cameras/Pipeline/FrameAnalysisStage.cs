using System.Diagnostics;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Stage;
using ActorVision.Cluster.Devices;
using ActorVision.Core.Imaging;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// The analysis of a camera's (or job's) frames in one stage: the motion detector, then the device router for the
/// ONNX models, then the tracker and the rules, in stream order.
/// <para>
/// The router is asked through the stage's own actor (<see cref="GraphStageLogic.GetStageActor"/>): a
/// <see cref="DetectRequest"/> per model carrying a correlation id, at most <see cref="FrameAnalysisOptions.Window"/>
/// frames in flight, the replies matched back by id. Nothing is allocated per frame for the round trip (no temporary
/// actor, task or timer): one periodic tick checks the deadlines and, for a live camera, emits the idle marker the
/// camera-health rules need when no frame came.
/// </para>
/// <para>
/// A frame whose models were refused (full device queue), failed, or did not answer by the deadline is released and
/// handed to <see cref="FrameAnalysisOptions.Dropped"/> with the reason (a live camera counts a drop and goes on; a
/// late answer is ignored), or fails the stage when there is none (a job must not skip frames). A router that never
/// answers therefore never wedges the graph.
/// </para>
/// </summary>
public sealed class FrameAnalysisStage : GraphStage<FlowShape<VideoFrame, AnalysisFrame>>
{
    private readonly FrameAnalyser _analyser;
    private readonly FrameAnalysisOptions _options;

    public FrameAnalysisStage(FrameAnalyser analyser, FrameAnalysisOptions options)
    {
        if (options.Window < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Window, "the window must hold at least one frame");
        if (options.Tick <= TimeSpan.Zero || options.DetectTimeout <= TimeSpan.Zero && options.DetectTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(options), "the tick and the detect timeout must be positive (or infinite)");
        _analyser = analyser;
        _options = options;
        Shape = new FlowShape<VideoFrame, AnalysisFrame>(In, Out);
    }

    public Inlet<VideoFrame> In { get; } = new("FrameAnalysis.in");
    public Outlet<AnalysisFrame> Out { get; } = new("FrameAnalysis.out");
    public override FlowShape<VideoFrame, AnalysisFrame> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("frameAnalysis");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : TimerGraphStageLogic, IInHandler, IOutHandler
    {
        private const string TickKey = "tick";
        private readonly FrameAnalysisStage _stage;
        private readonly FrameAnalyser _analyser;
        private readonly FrameAnalysisOptions _options;
        private readonly AnalysisFrames _carriers = new();
        // In stream order: the head leaves first, whatever order the router answers in (frames that got no detections
        // leave at once, they skip the tracker). A list, not a queue, for that; it holds a window's worth.
        private readonly List<AnalysisFrame> _inFlight = new();
        private readonly long _timeoutTicks;
        private IActorRef _self = ActorRefs.Nobody;
        private long _nextCorrelationId;
        private long _tick;
        private bool _emittedSinceTick;

        public Logic(FrameAnalysisStage stage) : base(stage.Shape)
        {
            _stage = stage;
            _analyser = stage._analyser;
            _options = stage._options;
            _timeoutTicks = _options.DetectTimeout == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)Math.Ceiling(_options.DetectTimeout / _options.Tick);
            SetHandler(stage.In, this);
            SetHandler(stage.Out, this);
        }

        public override void PreStart()
        {
            _self = GetStageActor(OnMessage).Ref;
            ScheduleRepeatedly(TickKey, _options.Tick);
            Pull(_stage.In);
        }

        public void OnPush()
        {
            var frame = Grab(_stage.In);
            if (_options.Sampler is { } sampler && !sampler.ShouldAnalyse(frame.StreamTime))
            {
                frame.Release();
                PullIfRoom();
                return;
            }
            var carrier = _carriers.Rent(frame);
            var checkpoint = _options.CheckpointDue?.Invoke() == true;
            var routed = _analyser.DetectLocally(frame, carrier.Detections);
            if (checkpoint) carrier.Checkpoint = new AnalysisCheckpoint(_options.Sampler?.Capture(), _analyser.CaptureMotion(), null);
            if (routed) Send(carrier, frame);
            _inFlight.Add(carrier);
            Emit();
        }

        public void OnUpstreamFinish()
        {
            if (_inFlight.Count == 0) CompleteStage();
        }

        public void OnUpstreamFailure(Exception e) => FailStage(e);

        public void OnPull() => Emit();

        public void OnDownstreamFinish(Exception cause) => CompleteStage();

        private void Send(AnalysisFrame carrier, VideoFrame frame)
        {
            if (_analyser.Devices.Current is not { } device)
            {
                Skip(carrier, FrameDropReason.Failed, _analyser.Devices.Describe());
                return;
            }
            var models = _analyser.RoutedModels;
            carrier.CorrelationId = ++_nextCorrelationId;
            carrier.SentAtTick = _tick;
            carrier.StartedTimestamp = Stopwatch.GetTimestamp();
            carrier.RepliesDue = models.Count;
            // Each request carries the router's own hold on the frame (InferenceProtocol.cs).
            for (var i = 0; i < models.Count; i++)
                device.Router.Tell(new DetectRequest(models[i], frame.Retain(), _analyser.Priority, carrier.CorrelationId), _self);
        }

        private void OnMessage((IActorRef Sender, object Message) received)
        {
            if (received.Message is not IDetectReply reply) return;
            var carrier = Waiting(reply.CorrelationId);
            if (carrier is null)
            {
                // Answered after its deadline: the frame has gone on without it.
                (reply as DetectResult)?.ReturnBuffer();
                return;
            }
            if (reply is DetectResult result)
            {
                carrier.Detections.AddRange(result.Detections);
                result.ReturnBuffer();
            }
            else if (carrier.SkipReason is null)
            {
                Skip(carrier, reply is DetectRefused ? FrameDropReason.Refused : FrameDropReason.Failed, FrameAnalyser.Describe(reply));
            }
            if (--carrier.RepliesDue == 0 && carrier.SkipReason is null)
                _options.Counters?.RecordInference(Stopwatch.GetElapsedTime(carrier.StartedTimestamp));
            Emit();
        }

        protected override void OnTimer(object timerKey)
        {
            _tick++;
            foreach (var carrier in _inFlight)
            {
                if (carrier.RepliesDue == 0 || _tick - carrier.SentAtTick <= _timeoutTicks) continue;
                carrier.RepliesDue = 0;
                Skip(carrier, FrameDropReason.TimedOut,
                    $"no answer from the {_analyser.Devices.Describe()} device router within {_options.DetectTimeout.TotalSeconds:0.#} s");
            }
            var quiet = !_emittedSinceTick;
            _emittedSinceTick = false;
            Emit();
            // Camera-health rules ("no frames") must run when nothing arrives, as KeepAlive would make them.
            if (quiet && _options.EmitIdle && _inFlight.Count == 0 && IsAvailable(_stage.Out))
            {
                var idle = _carriers.Rent(null);
                idle.Events = _analyser.TrackIdle();
                Push(_stage.Out, idle);
            }
        }

        private AnalysisFrame? Waiting(long correlationId)
        {
            foreach (var carrier in _inFlight)
                if (carrier.CorrelationId == correlationId && carrier.RepliesDue > 0) return carrier;
            return null;
        }

        private static void Skip(AnalysisFrame carrier, FrameDropReason reason, string description)
        {
            carrier.SkipReason ??= description;
            carrier.DropReason = reason;
        }

        /// <summary>Drops (or fails on) frames that got no detections, and sends the head on when it is complete and asked for.</summary>
        private void Emit()
        {
            for (var i = 0; i < _inFlight.Count; i++)
            {
                var carrier = _inFlight[i];
                if (carrier.RepliesDue > 0 || carrier.SkipReason is not { } reason) continue;
                _inFlight.RemoveAt(i--);
                var dropReason = carrier.DropReason;
                carrier.Release();
                if (_options.Dropped is not { } dropped)
                {
                    FailStage(new FrameNotAnalysedException(reason));
                    return;
                }
                dropped(dropReason, reason);
            }
            if (_inFlight.Count > 0 && _inFlight[0].RepliesDue == 0 && IsAvailable(_stage.Out))
            {
                var head = _inFlight[0];
                _inFlight.RemoveAt(0);
                Track(head);
                Push(_stage.Out, head);
                _emittedSinceTick = true;
            }
            if (IsClosed(_stage.In) && _inFlight.Count == 0)
            {
                CompleteStage();
                return;
            }
            PullIfRoom();
        }

        private void Track(AnalysisFrame carrier)
        {
            carrier.Events = _analyser.Track(carrier.Frame!, CollectionsMarshal.AsSpan(carrier.Detections));
            if (carrier.Events.Length > 0) carrier.Overlay = _analyser.Overlay;
            if (carrier.Checkpoint is { } checkpoint) carrier.Checkpoint = checkpoint with { Tracking = _analyser.CaptureTracking() };
        }

        private void PullIfRoom()
        {
            if (IsClosed(_stage.In) || HasBeenPulled(_stage.In) || _inFlight.Count >= _options.Window) return;
            if (!_options.AnalyseAhead && _inFlight.Count > 0 && _inFlight[0].RepliesDue == 0 && !IsAvailable(_stage.Out)) return;
            Pull(_stage.In);
        }

        public override void PostStop()
        {
            // The router releases its own holds whenever it answers; these are the stage's.
            foreach (var carrier in _inFlight) carrier.Release();
            _inFlight.Clear();
        }
    }
}

/// <summary>What <see cref="FrameAnalysisStage"/> does besides the analyser's own work.</summary>
public sealed record FrameAnalysisOptions
{
    /// <summary>Frames the stage holds at once, waiting for the router or for the stage behind it.</summary>
    public int Window { get; init; } = 2;

    /// <summary>How long a frame may wait for the device router before it is given up; <see cref="Timeout.InfiniteTimeSpan"/>
    /// waits for the router's answer however long it takes (it answers every request once: a file camera slows down).</summary>
    public TimeSpan DetectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often deadlines are checked (a frame is given up between one and two ticks past its timeout), and
    /// how long a live camera goes without a frame before the idle marker.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether the stage takes more frames while an analysed one waits for the stage behind it (the recorder, waiting for
    /// the journal). Jobs: yes, the models work ahead. Live cameras: no, such a frame would only grow older while it
    /// waits (latency, and a pooled frame per camera held for nothing on a saturated node); the decoder keeps the newest
    /// picture and the stage takes that one when the recorder is free. Frames in flight to the router still fill the window.
    /// </summary>
    public bool AnalyseAhead { get; init; } = true;

    /// <summary>Live cameras: emit an idle marker (no frame, camera-health events only) every tick without a frame.</summary>
    public bool EmitIdle { get; init; }

    /// <summary>
    /// Jobs: the stage samples the frames itself, so a checkpoint captures the sampler exactly as its frame was taken.
    /// Null: every frame that arrives is analysed (a live camera samples before its keep-newest buffer).
    /// </summary>
    public AnalysisSampler? Sampler { get; init; }

    /// <summary>Jobs: asked for every analysed frame; true marks it for a checkpoint (<see cref="AnalysisFrame.Checkpoint"/>).</summary>
    public Func<bool>? CheckpointDue { get; init; }

    /// <summary>A frame that got no detections goes here, released, with why. Null: the stage fails with <see cref="FrameNotAnalysedException"/>.</summary>
    public Action<FrameDropReason, string>? Dropped { get; init; }

    /// <summary>Where each frame's round trip to the router is recorded, if anywhere.</summary>
    public PipelineCounters? Counters { get; init; }
}

/// <summary>A frame could not be analysed (its models were refused, failed or did not answer) where skipping it is not an option.</summary>
public sealed class FrameNotAnalysedException(string reason) : Exception(reason);
