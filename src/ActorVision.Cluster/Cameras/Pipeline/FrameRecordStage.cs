using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Stage;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// A sink that ends an analysis one frame at a time, waiting for answers to its own stage actor before it pulls the
/// next frame: <see cref="EventRecordStage"/> (a camera's events and snapshots) and the job's record stage (a job's
/// events and checkpoints). It holds at most one frame, gives it back when done or stopped, and its materialised task
/// completes with the stream.
/// </summary>
public abstract class FrameRecordStage : GraphStageWithMaterializedValue<SinkShape<AnalysisFrame>, Task>
{
    protected FrameRecordStage(string name)
    {
        In = new Inlet<AnalysisFrame>(name + ".in");
        Shape = new SinkShape<AnalysisFrame>(In);
        InitialAttributes = Attributes.CreateName(name);
    }

    public Inlet<AnalysisFrame> In { get; }
    public override SinkShape<AnalysisFrame> Shape { get; }
    protected override Attributes InitialAttributes { get; }

    public override ILogicAndMaterializedValue<Task> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new LogicAndMaterializedValue<Task>(CreateLogic(completion), completion.Task);
    }

    protected abstract FrameRecordLogic CreateLogic(TaskCompletionSource completion);

    /// <summary>One frame in hand at a time: <see cref="OnFrame"/> either skips it or holds it and asks someone, the
    /// answers arrive at <see cref="OnMessage"/>, and <see cref="Done"/> gives the frame back and pulls the next.</summary>
    protected abstract class FrameRecordLogic : TimerGraphStageLogic, IInHandler
    {
        private const string DeadlineKey = "deadline";
        private readonly Inlet<AnalysisFrame> _in;
        private readonly TaskCompletionSource _completion;

        protected FrameRecordLogic(FrameRecordStage stage, TaskCompletionSource completion) : base(stage.Shape)
        {
            _in = stage.In;
            _completion = completion;
            SetHandler(_in, this);
        }

        /// <summary>This logic's actor: the sender of what it asks, so the answers come back to <see cref="OnMessage"/>.</summary>
        protected IActorRef Self { get; private set; } = ActorRefs.Nobody;

        /// <summary>The frame being recorded, or null between frames.</summary>
        protected AnalysisFrame? Current { get; private set; }

        public override void PreStart()
        {
            Self = GetStageActor(OnMessage).Ref;
            Pull(_in);
        }

        public void OnPush() => OnFrame(Grab(_in));

        /// <summary>A frame arrived: <see cref="Skip"/> it, or <see cref="Hold"/> it and ask.</summary>
        protected abstract void OnFrame(AnalysisFrame carrier);

        protected abstract void OnMessage((IActorRef Sender, object Message) received);

        /// <summary>Nothing to wait for: the frame goes back and the next is pulled.</summary>
        protected void Skip(AnalysisFrame carrier)
        {
            carrier.Release();
            Pull(_in);
        }

        protected void Hold(AnalysisFrame carrier) => Current = carrier;

        /// <summary>Starts (or restarts) the one deadline; <see cref="TimerGraphStageLogic.OnTimer"/> runs when it passes.</summary>
        protected void StartDeadline(TimeSpan timeout) => ScheduleOnce(DeadlineKey, timeout);

        protected void CancelDeadline() => CancelTimer(DeadlineKey);

        /// <summary>The frame in hand is recorded (or given up on): back to its pool, and the next one pulled.</summary>
        protected void Done()
        {
            CancelDeadline();
            Current?.Release();
            Current = null;
            if (IsClosed(_in)) CompleteStage();
            else Pull(_in);
        }

        /// <summary>Fails the stream and its materialised task.</summary>
        protected void Fail(Exception error)
        {
            _completion.TrySetException(error);
            FailStage(error);
        }

        public void OnUpstreamFinish()
        {
            if (Current is null) CompleteStage();
        }

        public void OnUpstreamFailure(Exception e) => Fail(e);

        public override void PostStop()
        {
            Current?.Release();
            Current = null;
            _completion.TrySetResult();
        }
    }
}
