using Akka.Actor;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// The end of a camera's analysis, one frame at a time: counts the frame and its latency, offers it to the live view,
/// has the camera entity persist the frame's events (<see cref="RecordAnalyticsEvents"/> from the stage's own actor,
/// answered to it; the stream waits, so a slow journal slows analysis instead of piling events up), then, only once
/// they are durable, has the <see cref="SnapshotWriter"/> write the event snapshot, and gives the frame back.
/// <para>
/// Nothing here fails the graph: a journal that does not confirm within the persist timeout (the events stay queued at
/// the entity), a snapshot that fails or takes too long, are counted and reported through
/// <see cref="EventRecordOptions.Problem"/>, and the camera goes on. The materialised task completes with the stream.
/// </para>
/// </summary>
public sealed class EventRecordStage(EventRecordOptions options) : FrameRecordStage("eventRecord")
{
    protected override FrameRecordLogic CreateLogic(TaskCompletionSource completion) => new Logic(this, options, completion);

    private enum Waiting
    {
        Nothing,
        Persisted,
        SnapshotWritten,
    }

    private sealed class Logic(EventRecordStage stage, EventRecordOptions options, TaskCompletionSource completion)
        : FrameRecordLogic(stage, completion)
    {
        private Waiting _waiting;
        private long _correlationId;

        protected override void OnFrame(AnalysisFrame carrier)
        {
            if (carrier.Frame is { } frame)
            {
                options.Counters.FrameAnalysed();
                options.Counters.RecordAnalysisLatency(DateTime.UtcNow - frame.CaptureTimeUtc);
                options.LiveView?.Offer(frame, options.Analyser.Overlay);
            }
            if (carrier.Events.Length == 0)
            {
                Skip(carrier);
                return;
            }
            Hold(carrier);
            options.Entity.Tell(new RecordAnalyticsEvents(carrier.Events, ++_correlationId), Self);
            Wait(Waiting.Persisted, options.PersistTimeout);
        }

        protected override void OnMessage((IActorRef Sender, object Message) received)
        {
            switch (received.Message)
            {
                case AnalyticsEventsRecorded recorded when _waiting == Waiting.Persisted && recorded.CorrelationId == _correlationId:
                    Persisted();
                    break;
                case SnapshotWritten written when _waiting == Waiting.SnapshotWritten && written.CorrelationId == _correlationId:
                    Finish();
                    break;
                case SnapshotFailed failed when _waiting == Waiting.SnapshotWritten && failed.CorrelationId == _correlationId:
                    options.Counters.SnapshotFailed();
                    options.Problem(RecordingProblem.SnapshotNotWritten, failed.Reason);
                    Finish();
                    break;
                // Anything else answers a frame given up on: it is already gone.
            }
        }

        protected override void OnTimer(object timerKey)
        {
            switch (_waiting)
            {
                case Waiting.Persisted:
                    // The events stay queued at the entity and are persisted when the journal answers; this frame's
                    // snapshot is not written, since its events may yet fail to persist.
                    options.Counters.EventsNotConfirmed();
                    options.Problem(RecordingProblem.EventsNotConfirmed,
                        $"the journal did not confirm events within {options.PersistTimeout.TotalSeconds:0.#} s");
                    Finish();
                    break;
                case Waiting.SnapshotWritten:
                    options.Counters.SnapshotFailed();
                    options.Problem(RecordingProblem.SnapshotNotWritten,
                        $"an event snapshot was not written within {options.SnapshotTimeout.TotalSeconds:0.#} s");
                    Finish();
                    break;
            }
        }

        private void Persisted()
        {
            var carrier = Current!;
            if (carrier.Frame is { } frame)
            {
                options.Counters.RecordEventLatency(DateTime.UtcNow - frame.CaptureTimeUtc);
                if (options.SnapshotWriter is { } writer && carrier.Overlay is { } overlay)
                {
                    CancelDeadline();
                    writer.Tell(new WriteSnapshot(_correlationId, frame.Retain(), overlay, carrier.Events), Self);
                    Wait(Waiting.SnapshotWritten, options.SnapshotTimeout);
                    return;
                }
            }
            Finish();
        }

        private void Wait(Waiting what, TimeSpan timeout)
        {
            _waiting = what;
            StartDeadline(timeout);
        }

        private void Finish()
        {
            _waiting = Waiting.Nothing;
            Done();
        }
    }
}

/// <summary>What <see cref="EventRecordStage"/> works with.</summary>
public sealed record EventRecordOptions
{
    /// <summary>The camera entity: persists <see cref="RecordAnalyticsEvents"/> and answers <see cref="AnalyticsEventsRecorded"/>.</summary>
    public required IActorRef Entity { get; init; }
    public required PipelineCounters Counters { get; init; }
    /// <summary>For the live view's overlay.</summary>
    public required FrameAnalyser Analyser { get; init; }
    public TimeSpan PersistTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Null: the camera takes no snapshots.</summary>
    public IActorRef? SnapshotWriter { get; init; }
    public TimeSpan SnapshotTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public LiveViewTap? LiveView { get; init; }
    /// <summary>Told about what went wrong (the camera keeps running); called on the stage's thread.</summary>
    public Action<RecordingProblem, string> Problem { get; init; } = (_, _) => { };
}

/// <summary>What can go wrong at the end of a camera's analysis without stopping it.</summary>
public enum RecordingProblem
{
    /// <summary>An event snapshot failed or took too long; the events themselves are persisted.</summary>
    SnapshotNotWritten,
    /// <summary>The journal did not confirm a frame's events in time; they stay queued at the entity.</summary>
    EventsNotConfirmed,
}
