using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Stage;

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
public sealed class EventRecordStage : GraphStageWithMaterializedValue<SinkShape<AnalysisFrame>, Task>
{
    private readonly EventRecordOptions _options;

    public EventRecordStage(EventRecordOptions options)
    {
        _options = options;
        Shape = new SinkShape<AnalysisFrame>(In);
    }

    public Inlet<AnalysisFrame> In { get; } = new("EventRecord.in");
    public override SinkShape<AnalysisFrame> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("eventRecord");

    public override ILogicAndMaterializedValue<Task> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new LogicAndMaterializedValue<Task>(new Logic(this, completion), completion.Task);
    }

    private enum Waiting
    {
        Nothing,
        Persisted,
        SnapshotWritten,
    }

    private sealed class Logic : TimerGraphStageLogic, IInHandler
    {
        private const string DeadlineKey = "deadline";
        private readonly EventRecordStage _stage;
        private readonly EventRecordOptions _options;
        private readonly TaskCompletionSource _completion;
        private IActorRef _self = ActorRefs.Nobody;
        private AnalysisFrame? _current;
        private Waiting _waiting;
        private long _correlationId;

        public Logic(EventRecordStage stage, TaskCompletionSource completion) : base(stage.Shape)
        {
            _stage = stage;
            _options = stage._options;
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
            if (carrier.Frame is { } frame)
            {
                _options.Counters.FrameAnalysed();
                _options.Counters.RecordAnalysisLatency(DateTime.UtcNow - frame.CaptureTimeUtc);
                _options.LiveView?.Offer(frame, _options.Analyser.Overlay);
            }
            if (carrier.Events.Length == 0)
            {
                carrier.Release();
                Pull(_stage.In);
                return;
            }
            _current = carrier;
            _options.Entity.Tell(new RecordAnalyticsEvents(carrier.Events, ++_correlationId), _self);
            Wait(Waiting.Persisted, _options.PersistTimeout);
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
                case AnalyticsEventsRecorded recorded when _waiting == Waiting.Persisted && recorded.CorrelationId == _correlationId:
                    Persisted();
                    break;
                case SnapshotWritten written when _waiting == Waiting.SnapshotWritten && written.CorrelationId == _correlationId:
                    Done();
                    break;
                case SnapshotFailed failed when _waiting == Waiting.SnapshotWritten && failed.CorrelationId == _correlationId:
                    _options.Counters.SnapshotFailed();
                    _options.Problem(RecordingProblem.SnapshotNotWritten, failed.Reason);
                    Done();
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
                    _options.Counters.EventsNotConfirmed();
                    _options.Problem(RecordingProblem.EventsNotConfirmed,
                        $"the journal did not confirm events within {_options.PersistTimeout.TotalSeconds:0.#} s");
                    Done();
                    break;
                case Waiting.SnapshotWritten:
                    _options.Counters.SnapshotFailed();
                    _options.Problem(RecordingProblem.SnapshotNotWritten,
                        $"an event snapshot was not written within {_options.SnapshotTimeout.TotalSeconds:0.#} s");
                    Done();
                    break;
            }
        }

        private void Persisted()
        {
            var carrier = _current!;
            if (carrier.Frame is { } frame)
            {
                _options.Counters.RecordEventLatency(DateTime.UtcNow - frame.CaptureTimeUtc);
                if (_options.SnapshotWriter is { } writer && carrier.Overlay is { } overlay)
                {
                    CancelTimer(DeadlineKey);
                    writer.Tell(new WriteSnapshot(_correlationId, frame.Retain(), overlay, carrier.Events), _self);
                    Wait(Waiting.SnapshotWritten, _options.SnapshotTimeout);
                    return;
                }
            }
            Done();
        }

        private void Wait(Waiting what, TimeSpan timeout)
        {
            _waiting = what;
            ScheduleOnce(DeadlineKey, timeout);
        }

        private void Done()
        {
            CancelTimer(DeadlineKey);
            _waiting = Waiting.Nothing;
            _current?.Release();
            _current = null;
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
