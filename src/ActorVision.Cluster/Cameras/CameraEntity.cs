using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Tools.PublishSubscribe;
using ActorVision.Cluster.Cameras.Messages;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Entities;
using ActorVision.Cluster.Telemetry;
using ActorVision.Core.Cameras;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Cluster.Cameras;

/// <summary>
/// One camera, sharded across the cluster and event-sourced. It persists what <see cref="CameraState"/> decides,
/// runs the camera's stream graph in a <see cref="CameraPipeline"/> child while the operator wants it running,
/// and persists and publishes the analytics events that pipeline produces. A live camera whose pipeline fails runs
/// again after a backoff (its status says why and when); a file camera stays Failed. Remember-entities restarts it
/// after a node restart or on a surviving node after a crash; recovery then restarts the pipeline if it should run.
/// </summary>
public sealed class CameraEntity : EventSourcedEntity<CameraState, ICameraEvent>, IWithTimers
{
    /// <summary>Distributed pub/sub topic of every analytics event of every camera.</summary>
    public const string EventsTopic = "analytics-events";

    public const string PersistenceIdPrefix = "camera-";

    private const string RestartTimer = "restart";

    private readonly CameraEntityDependencies _dependencies;
    private readonly CameraStatusPublisher _publisher;
    private CameraStatus _status;
    private IActorRef? _pipeline;
    private bool _restartPipelineWhenStopped;
    private bool _stopRequested;
    private int _pipelineGeneration;
    private PipelineRestarts _restarts = PipelineRestarts.None;
    private bool _counted;

    public CameraEntity(string cameraId, CameraEntityDependencies dependencies)
        : base(PersistenceIdFor(cameraId), new CameraState(cameraId), dependencies.Journal)
    {
        _dependencies = dependencies;
        _publisher = new CameraStatusPublisher(Context.System);
        _status = new CameraStatus { Node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString(), Since = DateTime.UtcNow };

        Command<ICameraCommand>(HandleCommand);
        Command<GetCamera>(_ =>
        {
            Sender.Tell(State.Exists ? View() : CameraRejected.NotFound(State.CameraId));
            PassivateIfAbsent();
        });
        Command<RecordAnalyticsEvents>(HandleAnalyticsEvents);
        Command<PipelineStateChanged>(HandlePipelineState);
        Command<PipelineStatisticsReported>(m =>
        {
            _status = _status with { Statistics = m.Statistics };
            PublishStatus();
        });
        Command<WatchLiveView>(m => _pipeline?.Forward(m));
        Command<PublishCameraStatus>(_ =>
        {
            PublishStatus();
            // Asked about a camera that no longer exists: do not stay (and be remembered) for it.
            PassivateIfAbsent();
        });
        Command<Terminated>(HandlePipelineTerminated);
        Command<RestartPipeline>(_ => RestartAfterBackoff());
        Command<CameraHandOff>(_ =>
        {
            Log.Info("camera {0}: handing over to another node", State.CameraId);
            Context.Stop(Self);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdFor(string cameraId) => PersistenceIdPrefix + cameraId;

    public static Props Props(string cameraId, CameraEntityDependencies dependencies) =>
        Akka.Actor.Props.Create(() => new CameraEntity(cameraId, dependencies));

    public static string FileCompletedReason(long frames) => $"reached the end of the file after {frames} frames";

    protected override CameraState Evolve(CameraState state, ICameraEvent @event) => state.Apply(@event);

    protected override void OnRecovered()
    {
        CountOnNode();
        _status = _status with { EventsTotal = State.EventsTotal, LastEvent = State.LastEvent, Counters = State.Counters };
        if (State.ShouldRun)
        {
            Log.Info("camera {0}: recovered, resuming", State.CameraId);
            StartPipeline();
        }
        else if (State.FileCompleted is { } completed)
        {
            _status = _status with { State = CameraRunState.Completed, Reason = FileCompletedReason(completed.Frames), Since = completed.At };
        }
        PublishStatus();
    }

    protected override void PostStop()
    {
        if (_counted) _dependencies.Count.Remove();
        _publisher.Stopped(State.CameraId);
        base.PostStop();
    }

    private void HandleCommand(ICameraCommand command)
    {
        var decision = State.Decide(command, _dependencies.CommandContext());
        if (decision.Rejection is { } rejection)
        {
            Sender.Tell(rejection);
            PassivateIfAbsent();
            return;
        }
        var replyTo = Sender;
        var before = State;
        PersistDecided(decision.Events, () =>
        {
            CountOnNode();
            if (decision.Events.Count > 0) ReactToChange(before, command);
            // Starting a camera that should run but whose pipeline ended (Failed, Completed) runs it again, now.
            else if (command is StartCamera && State.ShouldRun) StartPipelineNow();
            replyTo.Tell(new CameraAccepted(View()));
            if (decision.Events.Count == 0) return;
            PublishStatus();
            // Forget the entity: remember-entities will not start it again.
            if (command is RemoveCamera) PassivateNow();
        });
    }

    /// <summary>Brings the pipeline in line with the state after a command changed it.</summary>
    private void ReactToChange(CameraState before, ICameraCommand command)
    {
        if (!State.Exists || !State.ShouldRun)
        {
            CancelRestart();
            StopPipeline();
            return;
        }
        if (_pipeline is null)
        {
            // Started, or changed while failed and waiting: the operator's change runs now.
            StartPipelineNow();
            return;
        }
        if (before.Spec is { } old && State.Spec is { } now && !ReferenceEquals(old, now))
        {
            if (CameraSpecComparer.Instance.EqualsIgnoringRules(old, now))
            {
                _pipeline.Tell(new ApplyRules(now.Rules));
            }
            else
            {
                Log.Info("camera {0}: spec changed ({1}), restarting its pipeline", State.CameraId, command.GetType().Name);
                _restartPipelineWhenStopped = true;
                _restarts = PipelineRestarts.None;
                StopPipeline();
            }
        }
    }

    private void HandleAnalyticsEvents(RecordAnalyticsEvents record)
    {
        if (record.Events.Count == 0 || !State.Exists)
        {
            Sender.Tell(new AnalyticsEventsRecorded(0, record.CorrelationId));
            return;
        }
        var replyTo = Sender;
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        var metrics = ActorVisionMetrics.Get(Context.System);
        var events = new ICameraEvent[record.Events.Count];
        for (var i = 0; i < events.Length; i++) events[i] = new AnalyticsEventRecorded(record.Events[i]);
        PersistDecided(events,
            () =>
            {
                _status = _status with { EventsTotal = State.EventsTotal, LastEvent = State.LastEvent, Counters = State.Counters };
                replyTo.Tell(new AnalyticsEventsRecorded(record.Events.Count, record.CorrelationId));
            },
            applied: e =>
            {
                var recorded = ((AnalyticsEventRecorded)e).Event;
                mediator.Tell(new Publish(EventsTopic, recorded));
                metrics.EventRecorded(recorded.CameraId, recorded.RuleId, recorded.EventType.ToString());
            });
    }

    private void HandlePipelineState(PipelineStateChanged changed)
    {
        if (!Sender.Equals(_pipeline)) return; // a stopping generation's late report
        var now = DateTime.UtcNow;
        if (changed.State == CameraRunState.Running) _restarts = _restarts.Running(now);
        if (changed.State != _status.State || changed.Reason != _status.Reason)
        {
            if (changed.State is CameraRunState.Failed or CameraRunState.Reconnecting)
                Log.Warning("camera {0}: {1}: {2}", State.CameraId, changed.State, changed.Reason);
            else
                Log.Info("camera {0}: {1}", State.CameraId, changed.State);
            _status = _status with { State = changed.State, Reason = changed.Reason, Since = now, NextAttempt = null };
            PublishStatus();
        }
        if (changed.State == CameraRunState.Completed && State.ShouldRun)
        {
            // Remembered as finished: a restart or a move to another node must not play the file (and its events) again.
            PersistDecided([new CameraFileCompleted(_status.Statistics.FramesIn, now)], () => { });
        }
    }

    private void HandlePipelineTerminated(Terminated terminated)
    {
        if (!terminated.ActorRef.Equals(_pipeline)) return;
        _pipeline = null;
        if (_stopRequested)
        {
            _stopRequested = false;
            _status = _status with { State = CameraRunState.Stopped, Reason = null, NextAttempt = null, Since = DateTime.UtcNow };
            if (_restartPipelineWhenStopped && State.Exists && State.ShouldRun)
            {
                _restartPipelineWhenStopped = false;
                StartPipeline();
            }
            PublishStatus();
            return;
        }
        if (_status.State is not (CameraRunState.Failed or CameraRunState.Completed))
        {
            // The supervisor gave up on a pipeline that kept crashing, or a live graph ended by itself.
            _status = _status with { State = CameraRunState.Failed, Reason = "the camera pipeline crashed repeatedly; see the node log", Since = DateTime.UtcNow };
        }
        if (_status.State == CameraRunState.Failed && State is { ShouldRun: true, Spec.Mode: SourceMode.Live }) ScheduleRestart();
        PublishStatus();
    }

    /// <summary>A live camera's pipeline failed: it runs again after the backoff, and its status says when.</summary>
    private void ScheduleRestart()
    {
        var now = DateTime.UtcNow;
        (_restarts, var delay) = _restarts.Failed(now, _dependencies.Restarts, Random.Shared.NextDouble());
        // Since and the next attempt from one clock reading: "failed since T, next attempt at T + backoff".
        _status = _status with { Since = now, NextAttempt = now + delay };
        Timers.StartSingleTimer(RestartTimer, RestartPipeline.Instance, delay);
        Log.Warning("camera {0}: trying again in {1:0.#} s (failure {2} in a row)", State.CameraId, delay.TotalSeconds, _restarts.Failures);
    }

    private void RestartAfterBackoff()
    {
        if (_pipeline is not null || !State.ShouldRun) return;
        Log.Info("camera {0}: starting its pipeline again", State.CameraId);
        StartPipeline();
        PublishStatus();
    }

    private void CancelRestart()
    {
        Timers.Cancel(RestartTimer);
        if (_status.NextAttempt is not null) _status = _status with { NextAttempt = null };
    }

    /// <summary>An operator's start or change: no backoff owed, the shortest wait again after the next failure.</summary>
    private void StartPipelineNow()
    {
        CancelRestart();
        _restarts = PipelineRestarts.None;
        StartPipeline();
    }

    private void StartPipeline()
    {
        if (_pipeline is not null || State.Spec is null) return;
        _status = _status with
        {
            State = CameraRunState.Starting,
            Reason = null,
            NextAttempt = null,
            Since = DateTime.UtcNow,
            Statistics = PipelineStatistics.Empty,
        };
        _pipeline = Context.ActorOf(
            _dependencies.PipelineProps(State.Spec, State.Counters),
            "pipeline-" + ++_pipelineGeneration);
        Context.Watch(_pipeline);
    }

    private void StopPipeline()
    {
        if (_pipeline is null) return;
        _stopRequested = true;
        Context.Stop(_pipeline);
    }

    /// <summary>Joins or leaves this node's camera count as the camera comes to exist here or is removed.</summary>
    private void CountOnNode()
    {
        if (State.Exists == _counted) return;
        _counted = State.Exists;
        if (_counted) _dependencies.Count.Add();
        else _dependencies.Count.Remove();
    }

    /// <summary>
    /// A command or query about a camera that does not exist started this entity; with remember-entities it would
    /// otherwise be remembered and restarted forever. Passivating forgets it (messages meanwhile are buffered).
    /// </summary>
    private void PassivateIfAbsent()
    {
        if (!State.Exists && _pipeline is null) PassivateNow();
    }

    private void PublishStatus() => _publisher.Publish(State.CameraId, State.Spec, CurrentStatus());

    private CameraView View() => new(State.Spec!, State.Owner, CurrentStatus());

    // A camera told to stop shows Stopped at once, while its pipeline still winds down: the answer to StopCamera
    // reports the operator's decision, not the last frames of the old pipeline.
    private CameraStatus CurrentStatus() => State.ShouldRun || State.FileCompleted is not null
        ? _status
        : _status with { State = CameraRunState.Stopped, Reason = null, NextAttempt = null };

    protected override SupervisorStrategy SupervisorStrategy() =>
        // A pipeline that throws outside its graph (a bug, not a bad source) is restarted a few times, then stopped.
        new OneForOneStrategy(5, TimeSpan.FromMinutes(1), ex =>
        {
            Log.Error(ex, "camera {0}: pipeline crashed", State.CameraId);
            return Directive.Restart;
        });

    private sealed record RestartPipeline
    {
        public static RestartPipeline Instance { get; } = new();
    }
}
