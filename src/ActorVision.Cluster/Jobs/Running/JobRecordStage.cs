using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Stage;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;

namespace ActorVision.Cluster.Jobs.Running;

/// <summary>
/// The end of a job's analysis, one frame at a time: counts it, has the job entity persist its events
/// (<see cref="RecordJobFrame"/>) and then, at a checkpoint frame, the checkpoint (<see cref="SaveJobCheckpoint"/>),
/// both from the stage's own actor and answered to it, before the next frame goes on. An entity that does not answer
/// within the persist timeout fails the attempt (a <see cref="TimeoutException"/>): it resumes from its last checkpoint,
/// so nothing is lost or recorded twice. The materialised task completes with the stream.
/// </summary>
public sealed class JobRecordStage : GraphStageWithMaterializedValue<SinkShape<AnalysisFrame>, Task>
{
    private readonly JobAnalysis _analysis;

    public JobRecordStage(JobAnalysis analysis)
    {
        _analysis = analysis;
        Shape = new SinkShape<AnalysisFrame>(In);
    }

    public Inlet<AnalysisFrame> In { get; } = new("JobRecord.in");
    public override SinkShape<AnalysisFrame> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("jobRecord");

    public override ILogicAndMaterializedValue<Task> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new LogicAndMaterializedValue<Task>(new Logic(this, completion), completion.Task);
    }

    private sealed class Logic : TimerGraphStageLogic, IInHandler
    {
        private const string DeadlineKey = "deadline";
        private readonly JobRecordStage _stage;
        private readonly JobAnalysis _analysis;
        private readonly TaskCompletionSource _completion;
        private IActorRef _self = ActorRefs.Nobody;
        private AnalysisFrame? _current;
        private JobCheckpoint? _checkpoint;
        private bool _eventsPending;

        public Logic(JobRecordStage stage, TaskCompletionSource completion) : base(stage.Shape)
        {
            _stage = stage;
            _analysis = stage._analysis;
            _completion = completion;
            SetHandler(stage.In, this);
        }

        public override void PreStart()
        {
            _self = GetStageActor(OnMessage).Ref;
            Pull(_stage.In);
        }

        public void OnPush()
        {
            var carrier = Grab(_stage.In);
            var analysed = _analysis.Counters.Analysed();
            var frame = carrier.Frame!;
            _checkpoint = carrier.Checkpoint is { Tracking: { } tracking } mark
                ? new JobCheckpoint(frame.Sequence, frame.StreamTime, analysed, mark.SamplerNextDue, mark.Motion, tracking)
                : null;
            if (carrier.Events.Length == 0 && _checkpoint is null)
            {
                carrier.Release();
                Pull(_stage.In);
                return;
            }
            _current = carrier;
            _eventsPending = carrier.Events.Length > 0;
            if (_eventsPending) Ask(new RecordJobFrame(carrier.Events));
            else SaveCheckpoint();
        }

        public void OnUpstreamFinish()
        {
            if (_current is null) CompleteStage();
        }

        public void OnUpstreamFailure(Exception e)
        {
            _completion.TrySetException(e);
            FailStage(e);
        }

        private void OnMessage((IActorRef Sender, object Message) received)
        {
            switch (received.Message)
            {
                case JobFrameRecorded when _eventsPending:
                    _eventsPending = false;
                    CancelTimer(DeadlineKey);
                    SaveCheckpoint();
                    break;
                case JobCheckpointSaved saved when !_eventsPending && _checkpoint?.FrameIndex == saved.FrameIndex:
                    Done();
                    break;
            }
        }

        protected override void OnTimer(object timerKey)
        {
            var error = new TimeoutException($"the job's journal did not answer within {_analysis.PersistTimeout.TotalSeconds:0.#} s");
            _completion.TrySetException(error);
            FailStage(error);
        }

        private void SaveCheckpoint()
        {
            if (_checkpoint is not { } checkpoint)
            {
                Done();
                return;
            }
            var progress = _analysis.ProgressAt(checkpoint.FrameIndex) with { FramesAnalysed = checkpoint.FramesAnalysed };
            Ask(new SaveJobCheckpoint(checkpoint, progress));
        }

        private void Ask(object command)
        {
            _analysis.Entity.Tell(command, _self);
            ScheduleOnce(DeadlineKey, _analysis.PersistTimeout);
        }

        private void Done()
        {
            CancelTimer(DeadlineKey);
            _current?.Release();
            _current = null;
            _checkpoint = null;
            if (IsClosed(_stage.In)) CompleteStage();
            else Pull(_stage.In);
        }

        public override void PostStop()
        {
            _current?.Release();
            _current = null;
            _completion.TrySetResult();
        }
    }
}
