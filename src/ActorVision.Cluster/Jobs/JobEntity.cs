using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using ActorVision.Cluster.Telemetry;
using Akka.Persistence;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Jobs.Running;
using ActorVision.Cluster.Jobs.Scheduling;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;

namespace ActorVision.Cluster.Jobs;

/// <summary>
/// One analysis job, sharded across the cluster and event-sourced. It persists what <see cref="JobState"/> decides,
/// asks its node's <see cref="JobScheduler"/> for a slot, runs each attempt in a <see cref="JobRunner"/> child, and
/// persists the events and checkpoints the runner produces. Remember-entities restarts a queued or running job on a
/// surviving node after a crash; it then waits for a slot there and resumes from its last checkpoint.
/// </summary>
public sealed class JobEntity : ReceivePersistentActor, IWithTimers
{
    private static readonly TimeSpan AdmissionTimeout = TimeSpan.FromSeconds(10);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly JobEntityDependencies _dependencies;
    private readonly string _node;
    private JobState _state;
    private IActorRef? _runner;
    private bool _runEnded;
    private bool _holdsSlot;
    private JobProgressReported? _live;

    public JobEntity(string jobId, JobEntityDependencies dependencies)
    {
        _dependencies = dependencies;
        _state = new JobState(jobId);
        _node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        PersistenceId = PersistenceIdFor(jobId);

        Recover<SnapshotOffer>(offer => _state = (JobState)offer.Snapshot);
        Recover<IJobEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => ReportState());

        Command<IJobCommand>(HandleCommand);
        Command<GetJob>(_ =>
        {
            Sender.Tell(_state.Exists ? View() : JobRejected.NotFound(_state.JobId));
            if (!_state.Exists) PassivateSoon();
        });
        Command<JobSlotGranted>(_ => OnSlotGranted());
        Command<JobAdmission>(_ => { }); // an answer that came after the admission timed out
        Command<RecordJobFrame>(OnRecordFrame);
        Command<SaveJobCheckpoint>(OnCheckpoint);
        Command<JobProgressReported>(m =>
        {
            _live = m;
            ActorVisionMetrics.JobProgress(_state.JobId, m.Progress.Percent / 100);
        });
        Command<JobRunEnded>(OnRunEnded);
        Command<Terminated>(OnRunnerTerminated);
        Command<RetryNow>(_ => RequestSlot());
        Command<ReceiveTimeout>(_ =>
        {
            if (!_state.ShouldRun) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        });
        Command<SaveSnapshotSuccess>(m => DeleteSnapshots(new SnapshotSelectionCriteria(m.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(m => _log.Warning(m.Cause, "job {0}: snapshot failed; recovery replays more events", _state.JobId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(m => _log.Warning(m.Cause, "job {0}: deleting old snapshots failed", _state.JobId));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdFor(string jobId) => "job-" + jobId;

    public static Props Props(string jobId, JobEntityDependencies dependencies) =>
        Akka.Actor.Props.Create(() => new JobEntity(jobId, dependencies));

    protected override void OnReplaySuccess()
    {
        if (_state.ShouldRun)
        {
            if (_state.Status == JobStatus.Running)
                _log.Info("job {0}: recovered while running (attempt {1} on {2}); resuming here", _state.JobId, _state.Attempts, _state.Node);
            RequestSlot();
        }
        else
        {
            PassivateSoon();
        }
    }

    protected override void PostStop()
    {
        if (_holdsSlot || _state.ShouldRun) _dependencies.Scheduler.Tell(new ReleaseJobSlot(_state.JobId));
        ActorVisionMetrics.JobRemoved(_state.JobId);
        base.PostStop();
    }

    private void HandleCommand(IJobCommand command)
    {
        var decision = _state.Decide(command, DateTime.UtcNow);
        if (decision.Rejection is { } rejection)
        {
            Sender.Tell(rejection);
            return;
        }
        var replyTo = Sender;
        if (command is SubmitJob && !_state.Exists)
        {
            Admit(decision.Events, replyTo);
            return;
        }
        PersistDecided(decision.Events, () =>
        {
            switch (command)
            {
                case SubmitJob when _state.Status == JobStatus.Queued && !_holdsSlot:
                    _log.Info("job {0}: queued ({1}, submitted by {2})", _state.JobId, _state.Spec!.Input, _state.Spec.Submitter);
                    RequestSlot();
                    break;
                case CancelJob when decision.Events.Count > 0:
                    _log.Info("job {0}: cancelled", _state.JobId);
                    StopRunner();
                    ReleaseSlot();
                    PassivateSoon();
                    break;
            }
            replyTo.Tell(new JobAccepted(View()));
        });
    }

    /// <summary>
    /// A new job is persisted only once its node's scheduler admits it (fewer running and queued jobs than the caps),
    /// so a refused submit leaves nothing behind; it is then already in the queue for a slot.
    /// </summary>
    private void Admit(IReadOnlyList<IJobEvent> submitted, IActorRef replyTo)
    {
        var spec = ((JobSubmitted)submitted[0]).Spec;
        _dependencies.Scheduler.Tell(new RequestJobSlot(_state.JobId, spec.Caller, Admission: true));
        Timers.StartSingleTimer("admission", new JobAdmission(_state.JobId, false,
            "the node's job scheduler did not answer; retry"), AdmissionTimeout);
        BecomeStacked(() =>
        {
            Command<JobAdmission>(admission =>
            {
                Timers.Cancel("admission");
                UnbecomeStacked();
                if (admission.Admitted)
                {
                    PersistDecided(submitted, () =>
                    {
                        _log.Info("job {0}: queued ({1}, submitted by {2} as '{3}')", _state.JobId, _state.Spec!.Input, _state.Spec.Caller, _state.Spec.Submitter);
                        replyTo.Tell(new JobAccepted(View()));
                    });
                }
                else
                {
                    _dependencies.Scheduler.Tell(new ReleaseJobSlot(_state.JobId));
                    replyTo.Tell(new JobRejected(_state.JobId, JobRejectionKind.ResourceExhausted, admission.Reason ?? "refused", []));
                    PassivateSoon();
                }
                Stash.UnstashAll();
            });
            CommandAny(_ => Stash.Stash());
        });
    }

    private void OnSlotGranted()
    {
        if (!_state.Exists)
        {
            // A grant that crossed a refused admission: give it back.
            ReleaseSlot();
            return;
        }
        _holdsSlot = true;
        if (_runner is not null) return; // a repeated grant
        var annotated = _state.Spec is { AnnotatedVideo: true } ? _dependencies.Runner.AnnotatedVideoPath(_state.JobId) : null;
        var events = _state.DecideStart(_node, annotated, _dependencies.Settings.MaxAttempts, DateTime.UtcNow);
        if (events.Count == 0)
        {
            ReleaseSlot();
            return;
        }
        PersistDecided(events, () =>
        {
            if (_state.Status != JobStatus.Running)
            {
                _log.Warning("job {0}: {1}", _state.JobId, _state.Reason);
                ReleaseSlot();
                PassivateSoon();
                return;
            }
            _log.Info("job {0}: attempt {1} starting on {2}", _state.JobId, _state.Attempts, _node);
            _runEnded = false;
            _live = null;
            _runner = Context.ActorOf(
                JobRunner.Props(_state.JobId, _state.Spec!, _state.Checkpoint, _state.AnnotatedVideoPath, _dependencies.Runner),
                "run-" + _state.Attempts);
            Context.Watch(_runner);
        });
    }

    private void OnRecordFrame(RecordJobFrame record)
    {
        var events = _state.DecideRecord(record.Events);
        var replyTo = Sender;
        if (events.Count == 0)
        {
            replyTo.Tell(new JobFrameRecorded(0));
            return;
        }
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        PersistDecided(events, () =>
        {
            foreach (var e in events) mediator.Tell(new Publish(CameraEntity.EventsTopic, ((JobEventRecorded)e).Event));
            replyTo.Tell(new JobFrameRecorded(events.Count));
        });
    }

    private void OnCheckpoint(SaveJobCheckpoint save)
    {
        var replyTo = Sender;
        var events = _state.DecideCheckpoint(save.Checkpoint, save.Progress, DateTime.UtcNow);
        PersistDecided(events, () => replyTo.Tell(new JobCheckpointSaved(save.Checkpoint.FrameIndex)));
    }

    private void OnRunEnded(JobRunEnded ended)
    {
        if (!Sender.Equals(_runner)) return; // a stopped attempt's late report
        _runEnded = true;
        PersistDecided(_state.DecideEnd(ended, DateTime.UtcNow), AfterRun);
    }

    private void OnRunnerTerminated(Terminated terminated)
    {
        if (!terminated.ActorRef.Equals(_runner)) return;
        _runner = null;
        _live = null;
        if (_runEnded || _state.Status != JobStatus.Running) return;
        // The runner died without reporting (a bug): count it as a failed attempt and retry within the limit.
        var crash = new JobRunEnded(_state.Progress, JobRunOutcome.Failed, "the job runner crashed; see the node log", Transient: true);
        PersistDecided(_state.DecideEnd(crash, DateTime.UtcNow), AfterRun);
    }

    private void AfterRun()
    {
        ReleaseSlot();
        switch (_state.Status)
        {
            case JobStatus.Queued:
                _log.Info("job {0}: retrying in {1} ({2})", _state.JobId, _dependencies.Settings.RetryBackoff, _state.Reason);
                Timers.StartSingleTimer("retry", RetryNow.Instance, _dependencies.Settings.RetryBackoff);
                break;
            case JobStatus.Completed:
                _log.Info("job {0}: completed, {1} frames analysed, {2} events", _state.JobId, _state.Progress.FramesAnalysed, _state.Summary.EventCount);
                PassivateSoon();
                break;
            case JobStatus.Failed:
                _log.Warning("job {0}: failed: {1}", _state.JobId, _state.Reason);
                PassivateSoon();
                break;
        }
    }

    private void PersistDecided(IReadOnlyList<IJobEvent> events, Action done)
    {
        if (events.Count == 0)
        {
            done();
            return;
        }
        var remaining = events.Count;
        PersistAll(events, e =>
        {
            var before = _state.Status;
            _state = _state.Apply(e);
            if (_state.Status != before) ReportState();
            if (LastSequenceNr % _dependencies.SnapshotEvery == 0) SaveSnapshot(_state);
            if (--remaining == 0) done();
        });
    }

    /// <summary>Feeds <c>actorvision_jobs{state}</c> and the job's progress gauge; an unknown id is not a job.</summary>
    private void ReportState()
    {
        if (!_state.Exists) return;
        ActorVisionMetrics.JobStateChanged(_state.JobId, _state.Status.ToString().ToLowerInvariant());
        ActorVisionMetrics.JobProgress(_state.JobId, _state.Progress.Percent / 100);
    }

    private void RequestSlot()
    {
        if (!_state.ShouldRun || _runner is not null) return;
        _dependencies.Scheduler.Tell(new RequestJobSlot(_state.JobId, _state.Spec!.Caller));
    }

    private void ReleaseSlot()
    {
        _holdsSlot = false;
        _dependencies.Scheduler.Tell(new ReleaseJobSlot(_state.JobId));
    }

    private void StopRunner()
    {
        if (_runner is null) return;
        _runEnded = true;
        Context.Stop(_runner);
    }

    private void PassivateSoon() => SetReceiveTimeout(_dependencies.Settings.PassivateFinishedAfter);

    private JobView View()
    {
        var running = _state.Status == JobStatus.Running && _runner is not null;
        var progress = running && _live is { } live ? live.Progress : _state.Progress;
        var eta = running && _live is { } l ? progress.EtaSeconds(l.DecodeFps) : _state.Status == JobStatus.Completed ? 0 : null;
        return new JobView(
            _state.JobId,
            _state.Spec!,
            // Persisted as running but not (yet) running here: waiting for a slot to resume.
            _state.Status == JobStatus.Running && !running ? JobStatus.Queued : _state.Status,
            _state.Reason,
            progress,
            eta,
            _state.Node,
            _state.SubmittedAt,
            _state.StartedAt,
            _state.FinishedAt,
            _state.Attempts,
            _state.Summary,
            _state.AnnotatedVideoPath);
    }

    private sealed record RetryNow
    {
        public static RetryNow Instance { get; } = new();
    }
}
