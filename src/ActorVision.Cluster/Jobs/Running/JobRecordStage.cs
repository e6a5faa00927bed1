using Akka.Actor;
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
public sealed class JobRecordStage(JobAnalysis analysis) : FrameRecordStage("jobRecord")
{
    protected override FrameRecordLogic CreateLogic(TaskCompletionSource completion) => new Logic(this, analysis, completion);

    private sealed class Logic(JobRecordStage stage, JobAnalysis analysis, TaskCompletionSource completion)
        : FrameRecordLogic(stage, completion)
    {
        private JobCheckpoint? _checkpoint;
        private bool _eventsPending;

        protected override void OnFrame(AnalysisFrame carrier)
        {
            var analysed = analysis.Counters.Analysed();
            var frame = carrier.Frame!;
            _checkpoint = carrier.Checkpoint is { Tracking: { } tracking } mark
                ? new JobCheckpoint(frame.Sequence, frame.StreamTime, analysed, mark.SamplerNextDue, mark.Motion, tracking)
                : null;
            if (carrier.Events.Length == 0 && _checkpoint is null)
            {
                Skip(carrier);
                return;
            }
            Hold(carrier);
            _eventsPending = carrier.Events.Length > 0;
            if (_eventsPending) Ask(new RecordJobFrame(carrier.Events));
            else SaveCheckpoint();
        }

        protected override void OnMessage((IActorRef Sender, object Message) received)
        {
            switch (received.Message)
            {
                case JobFrameRecorded when _eventsPending:
                    _eventsPending = false;
                    CancelDeadline();
                    SaveCheckpoint();
                    break;
                case JobCheckpointSaved saved when !_eventsPending && _checkpoint?.FrameIndex == saved.FrameIndex:
                    Finish();
                    break;
            }
        }

        protected override void OnTimer(object timerKey) =>
            Fail(new TimeoutException($"the job's journal did not answer within {analysis.PersistTimeout.TotalSeconds:0.#} s"));

        private void SaveCheckpoint()
        {
            if (_checkpoint is not { } checkpoint)
            {
                Finish();
                return;
            }
            var progress = analysis.ProgressAt(checkpoint.FrameIndex) with { FramesAnalysed = checkpoint.FramesAnalysed };
            Ask(new SaveJobCheckpoint(checkpoint, progress));
        }

        private void Ask(object command)
        {
            analysis.Entity.Tell(command, Self);
            StartDeadline(analysis.PersistTimeout);
        }

        private void Finish()
        {
            _checkpoint = null;
            Done();
        }
    }
}
