using ActorVision.Common;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using ActorVision.Cluster.Cameras.Messages;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Telemetry;
using ActorVision.Core.Cameras;
using ActorVision.Media;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Domain.Capacity;

namespace ActorVision.Cluster.Cameras;

/// <summary>
/// One camera, sharded across the cluster and event-sourced. It persists what <see cref="CameraState"/> decides,
/// runs the camera's stream graph in a <see cref="CameraPipeline"/> child while the operator wants it running,
/// and persists and publishes the analytics events that pipeline produces. Remember-entities restarts it after a
/// node restart or on a surviving node after a crash; recovery then restarts the pipeline if it should run.
/// </summary>
public sealed class CameraEntity : ReceivePersistentActor
{
    /// <summary>Distributed pub/sub topic of every analytics event of every camera.</summary>
    public const string EventsTopic = "analytics-events";

    /// <summary>Distributed pub/sub topic of <see cref="CameraStatusUpdate"/> and <see cref="CameraForgotten"/>.</summary>
    public const string StatusTopic = "camera-status";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CameraEntityDependencies _dependencies;
    private CameraState _state;
    private CameraStatus _status;
    private IActorRef? _pipeline;
    private bool _restartPipelineWhenStopped;
    private bool _stopRequested;
    private int _pipelineGeneration;
    private bool _counted;

    public CameraEntity(string cameraId, CameraEntityDependencies dependencies)
    {
        _dependencies = dependencies;
        _state = new CameraState(cameraId);
        _status = new CameraStatus { Node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString(), Since = DateTime.UtcNow };
        PersistenceId = PersistenceIdFor(cameraId);

        Recover<SnapshotOffer>(offer => _state = (CameraState)offer.Snapshot);
        Recover<ICameraEvent>(e => _state = _state.Apply(e));

        Command<ICameraCommand>(HandleCommand);
        Command<GetCamera>(_ =>
        {
            Sender.Tell(_state.Exists ? View() : CameraRejected.NotFound(_state.CameraId));
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
            if (!_state.Exists && _pipeline is null) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        });
        Command<Terminated>(HandlePipelineTerminated);
        Command<CameraHandOff>(_ =>
        {
            _log.Info("camera {0}: handing over to another node", _state.CameraId);
            Context.Stop(Self);
        });
        Command<SaveSnapshotSuccess>(m => DeleteSnapshots(new SnapshotSelectionCriteria(m.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(m => _log.Warning(m.Cause, "camera {0}: snapshot failed; recovery replays more events", _state.CameraId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(m => _log.Warning(m.Cause, "camera {0}: deleting old snapshots failed", _state.CameraId));
    }

    public override string PersistenceId { get; }

    public const string PersistenceIdPrefix = "camera-";

    public static string PersistenceIdFor(string cameraId) => PersistenceIdPrefix + cameraId;

    public static Props Props(string cameraId, CameraEntityDependencies dependencies) =>
        Akka.Actor.Props.Create(() => new CameraEntity(cameraId, dependencies));

    protected override void OnReplaySuccess()
    {
        CountOnNode();
        _status = _status with { EventsTotal = _state.EventsTotal, LastEvent = _state.LastEvent, Counters = _state.Counters };
        if (_state.ShouldRun)
        {
            _log.Info("camera {0}: recovered, resuming", _state.CameraId);
            StartPipeline();
        }
        else if (_state.FileCompleted is { } completed)
        {
            _status = _status with { State = CameraRunState.Completed, Reason = FileCompletedReason(completed.Frames), Since = completed.At };
        }
        PublishStatus();
    }

    protected override void PostStop()
    {
        if (_counted) _dependencies.Count.Remove();
        ActorVisionMetrics.CameraGone(_state.CameraId);
        Context.System.EventStream.Publish(new CameraUsageEnded(_state.CameraId));
        base.PostStop();
    }

    private void HandleCommand(ICameraCommand command)
    {
        var decision = _state.Decide(command, _dependencies.CommandContext());
        if (decision.Rejection is { } rejection)
        {
            Sender.Tell(rejection);
            PassivateIfAbsent();
            return;
        }
        if (decision.Events.Count == 0)
        {
            // Starting a camera that should run but whose pipeline ended (Failed, Completed) runs it again.
            if (command is StartCamera && _state.ShouldRun) StartPipeline();
            Sender.Tell(new CameraAccepted(View()));
            return;
        }
        var replyTo = Sender;
        var before = _state;
        var remaining = decision.Events.Count;
        PersistAll(decision.Events, e =>
        {
            _state = _state.Apply(e);
            if (--remaining > 0) return;
            MaybeSnapshot();
            CountOnNode();
            ReactToChange(before, command);
            replyTo.Tell(new CameraAccepted(View()));
            PublishStatus();
            if (command is RemoveCamera)
            {
                // Forget the entity: remember-entities will not start it again.
                Context.Parent.Tell(new Passivate(PoisonPill.Instance));
            }
        });
    }

    /// <summary>Brings the pipeline in line with the state after a command changed it.</summary>
    private void ReactToChange(CameraState before, ICameraCommand command)
    {
        if (!_state.Exists || !_state.ShouldRun)
        {
            StopPipeline();
            return;
        }
        if (_pipeline is null)
        {
            StartPipeline();
            return;
        }
        if (before.Spec is { } old && _state.Spec is { } now && !ReferenceEquals(old, now))
        {
            if (CameraSpecComparer.Instance.EqualsIgnoringRules(old, now))
            {
                _pipeline.Tell(new ApplyRules(now.Rules));
            }
            else
            {
                _log.Info("camera {0}: spec changed ({1}), restarting its pipeline", _state.CameraId, command.GetType().Name);
                _restartPipelineWhenStopped = true;
                StopPipeline();
            }
        }
    }

    private void HandleAnalyticsEvents(RecordAnalyticsEvents record)
    {
        if (record.Events.Count == 0 || !_state.Exists)
        {
            Sender.Tell(AnalyticsEventsRecorded.None);
            return;
        }
        var replyTo = Sender;
        var remaining = record.Events.Count;
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        PersistAll(record.Events.Select(e => new AnalyticsEventRecorded(e)), e =>
        {
            _state = _state.Apply(e);
            mediator.Tell(new Publish(EventsTopic, e.Event));
            ActorVisionMetrics.EventRecorded(e.Event.CameraId, e.Event.RuleId, e.Event.EventType.ToString());
            if (--remaining > 0) return;
            _status = _status with { EventsTotal = _state.EventsTotal, LastEvent = _state.LastEvent, Counters = _state.Counters };
            MaybeSnapshot();
            replyTo.Tell(new AnalyticsEventsRecorded(record.Events.Count));
        });
    }

    private void HandlePipelineState(PipelineStateChanged changed)
    {
        if (!Sender.Equals(_pipeline)) return; // a stopping generation's late report
        if (changed.State != _status.State || changed.Reason != _status.Reason)
        {
            if (changed.State is CameraRunState.Failed or CameraRunState.Reconnecting)
                _log.Warning("camera {0}: {1}: {2}", _state.CameraId, changed.State, changed.Reason);
            else
                _log.Info("camera {0}: {1}", _state.CameraId, changed.State);
            _status = _status with { State = changed.State, Reason = changed.Reason, Since = DateTime.UtcNow };
            PublishStatus();
        }
        if (changed.State == CameraRunState.Completed && _state.ShouldRun)
        {
            // Remembered as finished: a restart or a move to another node must not play the file (and its events) again.
            Persist(new CameraFileCompleted(_status.Statistics.FramesIn, DateTime.UtcNow), e =>
            {
                _state = _state.Apply(e);
                MaybeSnapshot();
            });
        }
    }

    public static string FileCompletedReason(long frames) => $"reached the end of the file after {frames} frames";

    private void HandlePipelineTerminated(Terminated terminated)
    {
        if (!terminated.ActorRef.Equals(_pipeline)) return;
        _pipeline = null;
        var expected = _stopRequested;
        _stopRequested = false;
        if (!expected && _status.State is not (CameraRunState.Failed or CameraRunState.Completed))
        {
            // The supervisor gave up on a pipeline that kept crashing.
            _status = _status with { State = CameraRunState.Failed, Reason = "the camera pipeline crashed repeatedly; see the node log", Since = DateTime.UtcNow };
        }
        else if (expected)
        {
            _status = _status with { State = CameraRunState.Stopped, Reason = null, Since = DateTime.UtcNow };
        }
        if (_restartPipelineWhenStopped && _state.Exists && _state.ShouldRun)
        {
            _restartPipelineWhenStopped = false;
            StartPipeline();
        }
        PublishStatus();
    }

    private void StartPipeline()
    {
        if (_pipeline is not null || _state.Spec is null) return;
        _status = _status with
        {
            State = CameraRunState.Starting,
            Reason = null,
            Since = DateTime.UtcNow,
            Statistics = PipelineStatistics.Empty,
        };
        _pipeline = Context.ActorOf(
            _dependencies.PipelineProps(_state.Spec, _state.Counters),
            "pipeline-" + ++_pipelineGeneration);
        Context.Watch(_pipeline);
    }

    private void StopPipeline()
    {
        if (_pipeline is null) return;
        _stopRequested = true;
        Context.Stop(_pipeline);
    }

    /// <summary>
    /// A command or query about a camera that does not exist started this entity; with remember-entities it would
    /// otherwise be remembered and restarted forever. Passivating forgets it (messages meanwhile are buffered).
    /// </summary>
    /// <summary>Joins or leaves this node's camera count as the camera comes to exist here or is removed.</summary>
    private void CountOnNode()
    {
        if (_state.Exists == _counted) return;
        _counted = _state.Exists;
        if (_counted) _dependencies.Count.Add();
        else _dependencies.Count.Remove();
    }

    private void PassivateIfAbsent()
    {
        if (!_state.Exists && _pipeline is null) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    private void MaybeSnapshot()
    {
        if (LastSequenceNr % _dependencies.SnapshotEvery == 0) SaveSnapshot(_state);
    }

    /// <summary>Tells the cluster (the dashboard), this node's metrics and its capacity estimate what the camera is doing now.</summary>
    private void PublishStatus()
    {
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        if (!_state.Exists || _state.Spec is not { } spec)
        {
            ActorVisionMetrics.CameraGone(_state.CameraId);
            Context.System.EventStream.Publish(new CameraUsageEnded(_state.CameraId));
            mediator.Tell(new Publish(StatusTopic, new CameraForgotten(_state.CameraId)));
            return;
        }
        var view = View();
        var statistics = view.Status.Statistics;
        Context.System.EventStream.Publish(new CameraUsage(spec, view.Status.State is CameraRunState.Starting or CameraRunState.Running or CameraRunState.Reconnecting,
            statistics.FramesAnalysed, statistics.FramesDropped));
        ActorVisionMetrics.CameraStateChanged(spec.Id, view.Status.State);
        mediator.Tell(new Publish(StatusTopic, new CameraStatusUpdate(
            spec.Id, spec.DisplayName, UrlRedaction.Redact(spec.SourceUrl), spec.Mode == SourceMode.Live, spec.Outputs.Snapshots,
            view.Status.Reason is { } reason ? view.Status with { Reason = UrlRedaction.RedactInText(reason) } : view.Status)));
    }

    // A camera told to stop shows Stopped at once, while its pipeline still winds down: the answer to StopCamera
    // reports the operator's decision, not the last frames of the old pipeline.
    private CameraView View() => new(
        _state.Spec!,
        _state.Owner,
        _state.ShouldRun || _state.FileCompleted is not null ? _status : _status with { State = CameraRunState.Stopped, Reason = null });

    protected override SupervisorStrategy SupervisorStrategy() =>
        // A pipeline that throws outside its graph (a bug, not a bad source) is restarted a few times, then stopped.
        new OneForOneStrategy(5, TimeSpan.FromMinutes(1), ex =>
        {
            _log.Error(ex, "camera {0}: pipeline crashed", _state.CameraId);
            return Directive.Restart;
        });
}
