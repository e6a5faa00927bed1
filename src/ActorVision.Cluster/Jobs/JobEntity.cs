using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Tools.PublishSubscribe;
using ActorVision.Cluster.Telemetry;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Entities;
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
public sealed class JobEntity : EventSourcedEntity<JobState, IJobEvent>, IWithTimers
{
    private static readonly TimeSpan AdmissionTimeout = TimeSpan.FromSeconds(10);

    private readonly JobEntityDependencies _dependencies;
    private readonly ActorVisionMetrics _metrics = ActorVisionMetrics.Get(Context.System);
    private readonly string _node;
    private IActorRef? _runner;
    private bool _runEnded;
    private bool _holdsSlot;
    private JobProgressReported? _live;

    public JobEntity(string jobId, JobEntityDependencies dependencies)
        : base(PersistenceIdFor(jobId), new JobState(jobId), dependencies.Journal)
    {
        _dependencies = dependencies;
        _node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();

        Command<IJobCommand>(HandleCommand);
        Command<GetJob>(_ =>
        {
            Sender.Tell(State.Exists ? View() : JobRejected.NotFound(State.JobId));
            if (!State.Exists) PassivateSoon();
        });
        Command<JobSlotGranted>(_ => OnSlotGranted());
        Command<JobAdmission>(_ => { }); // an answer that came after the admission timed out
        Command<RecordJobFrame>(OnRecordFrame);
        Command<SaveJobCheckpoint>(OnCheckpoint);
        Command<JobProgressReported>(m =>
        {
            _live = m;
            _metrics.JobProgress(State.JobId, m.Progress.Percent / 100);
        });
        Command<JobRunEnded>(OnRunEnded);
        Command<Terminated>(OnRunnerTerminated);
        Command<RetryNow>(_ => RequestSlot());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdFor(string jobId) => "job-" + jobId;

    public static Props Props(string jobId, JobEntityDependencies dependencies) =>
        Akka.Actor.Props.Create(() => new JobEntity(jobId, dependencies));

    protected override JobState Evolve(JobState state, IJobEvent @event) => state.Apply(@event);

    /// <summary>Only a job that is finished (or unknown) stops when idle; a queued or running one stays for its slot.</summary>
    protected override bool MayPassivateWhenIdle => !State.ShouldRun;

    protected override void OnRecovered()
    {
        ReportState();
        if (State.ShouldRun)
        {
            if (State.Status == JobStatus.Running)
                Log.Info("job {0}: recovered while running (attempt {1} on {2}); resuming here", State.JobId, State.Attempts, State.Node);
            RequestSlot();
        }
        else
        {
            PassivateSoon();
        }
    }

    protected override void PostStop()
    {
        if (_holdsSlot || State.ShouldRun) _dependencies.Scheduler.Tell(new ReleaseJobSlot(State.JobId));
        _metrics.JobRemoved(State.JobId);
        base.PostStop();
    }

    private void HandleCommand(IJobCommand command)
    {
        var decision = State.Decide(command, DateTime.UtcNow);
        if (decision.Rejection is { } rejection)
        {
            Sender.Tell(rejection);
            return;
        }
        var replyTo = Sender;
        if (command is SubmitJob && !State.Exists)
        {
            Admit(decision.Events, replyTo);
            return;
        }
        PersistAndReport(decision.Events, () =>
        {
            switch (command)
            {
                case SubmitJob when State.Status == JobStatus.Queued && !_holdsSlot:
                    Log.Info("job {0}: queued ({1}, submitted by {2})", State.JobId, State.Spec!.Input, State.Spec.Submitter);
                    RequestSlot();
                    break;
                case CancelJob when decision.Events.Count > 0:
                    Log.Info("job {0}: cancelled", State.JobId);
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
        _dependencies.Scheduler.Tell(new RequestJobSlot(State.JobId, spec.Caller, Admission: true));
        Timers.StartSingleTimer("admission", new JobAdmission(State.JobId, false,
            "the node's job scheduler did not answer; retry"), AdmissionTimeout);
        BecomeStacked(() =>
        {
            Command<JobAdmission>(admission =>
            {
                Timers.Cancel("admission");
                UnbecomeStacked();
                if (admission.Admitted)
                {
                    PersistAndReport(submitted, () =>
                    {
                        Log.Info("job {0}: queued ({1}, submitted by {2} as '{3}')", State.JobId, State.Spec!.Input, State.Spec.Caller, State.Spec.Submitter);
                        replyTo.Tell(new JobAccepted(View()));
                    });
                }
                else
                {
                    _dependencies.Scheduler.Tell(new ReleaseJobSlot(State.JobId));
                    replyTo.Tell(new JobRejected(State.JobId, JobRejectionKind.ResourceExhausted, admission.Reason ?? "refused", []));
                    PassivateSoon();
                }
                Stash.UnstashAll();
            });
            CommandAny(_ => Stash.Stash());
        });
    }

    private void OnSlotGranted()
    {
        if (!State.Exists)
        {
            // A grant that crossed a refused admission: give it back.
            ReleaseSlot();
            return;
        }
        _holdsSlot = true;
        if (_runner is not null) return; // a repeated grant
        var annotated = State.Spec is { AnnotatedVideo: true } ? _dependencies.Runner.AnnotatedVideoPath(State.JobId) : null;
        var events = State.DecideStart(_node, annotated, _dependencies.Settings.MaxAttempts, DateTime.UtcNow);
        if (events.Count == 0)
        {
            ReleaseSlot();
            return;
        }
        PersistAndReport(events, () =>
        {
            if (State.Status != JobStatus.Running)
            {
                Log.Warning("job {0}: {1}", State.JobId, State.Reason);
                ReleaseSlot();
                PassivateSoon();
                return;
            }
            Log.Info("job {0}: attempt {1} starting on {2}", State.JobId, State.Attempts, _node);
            _runEnded = false;
            _live = null;
            _runner = Context.ActorOf(
                JobRunner.Props(State.JobId, State.Spec!, State.Checkpoint, State.AnnotatedVideoPath, _dependencies.Runner),
                "run-" + State.Attempts);
            Context.Watch(_runner);
        });
    }

    private void OnRecordFrame(RecordJobFrame record)
    {
        var events = State.DecideRecord(record.Events);
        var replyTo = Sender;
        if (events.Count == 0)
        {
            replyTo.Tell(new JobFrameRecorded(0));
            return;
        }
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        PersistAndReport(events, () =>
        {
            foreach (var e in events) mediator.Tell(new Publish(CameraEntity.EventsTopic, ((JobEventRecorded)e).Event));
            replyTo.Tell(new JobFrameRecorded(events.Count));
        });
    }

    private void OnCheckpoint(SaveJobCheckpoint save)
    {
        var replyTo = Sender;
        var events = State.DecideCheckpoint(save.Checkpoint, save.Progress, DateTime.UtcNow);
        PersistAndReport(events, () => replyTo.Tell(new JobCheckpointSaved(save.Checkpoint.FrameIndex)));
    }

    private void OnRunEnded(JobRunEnded ended)
    {
        if (!Sender.Equals(_runner)) return; // a stopped attempt's late report
        _runEnded = true;
        PersistAndReport(State.DecideEnd(ended, DateTime.UtcNow), AfterRun);
    }

    private void OnRunnerTerminated(Terminated terminated)
    {
        if (!terminated.ActorRef.Equals(_runner)) return;
        _runner = null;
        _live = null;
        if (_runEnded || State.Status != JobStatus.Running) return;
        // The runner died without reporting (a bug): count it as a failed attempt and retry within the limit.
        var crash = new JobRunEnded(State.Progress, JobRunOutcome.Failed, "the job runner crashed; see the node log", Transient: true);
        PersistAndReport(State.DecideEnd(crash, DateTime.UtcNow), AfterRun);
    }

    private void AfterRun()
    {
        ReleaseSlot();
        switch (State.Status)
        {
            case JobStatus.Queued:
                Log.Info("job {0}: retrying in {1} ({2})", State.JobId, _dependencies.Settings.RetryBackoff, State.Reason);
                Timers.StartSingleTimer("retry", RetryNow.Instance, _dependencies.Settings.RetryBackoff);
                break;
            case JobStatus.Completed:
                Log.Info("job {0}: completed, {1} frames analysed, {2} events", State.JobId, State.Progress.FramesAnalysed, State.Summary.EventCount);
                PassivateSoon();
                break;
            case JobStatus.Failed:
                Log.Warning("job {0}: failed: {1}", State.JobId, State.Reason);
                PassivateSoon();
                break;
        }
    }

    /// <summary>Persists what the state decided; the metrics follow every change of status.</summary>
    private void PersistAndReport(IReadOnlyList<IJobEvent> events, Action done)
    {
        var status = State.Status;
        PersistDecided(events, done, _ =>
        {
            if (State.Status == status) return;
            status = State.Status;
            ReportState();
        });
    }

    /// <summary>Feeds <c>actorvision_jobs{state}</c> and the job's progress gauge; an unknown id is not a job.</summary>
    private void ReportState()
    {
        if (!State.Exists) return;
        _metrics.JobStateChanged(State.JobId, State.Status.ToString().ToLowerInvariant());
        _metrics.JobProgress(State.JobId, State.Progress.Percent / 100);
    }

    private void RequestSlot()
    {
        if (!State.ShouldRun || _runner is not null) return;
        _dependencies.Scheduler.Tell(new RequestJobSlot(State.JobId, State.Spec!.Caller));
    }

    private void ReleaseSlot()
    {
        _holdsSlot = false;
        _dependencies.Scheduler.Tell(new ReleaseJobSlot(State.JobId));
    }

    private void StopRunner()
    {
        if (_runner is null) return;
        _runEnded = true;
        Context.Stop(_runner);
    }

    private void PassivateSoon() => PassivateWhenIdle(_dependencies.Settings.PassivateFinishedAfter);

    private JobView View()
    {
        var running = State.Status == JobStatus.Running && _runner is not null;
        var progress = running && _live is { } live ? live.Progress : State.Progress;
        var eta = running && _live is { } l ? progress.EtaSeconds(l.DecodeFps) : State.Status == JobStatus.Completed ? 0 : null;
        return new JobView(
            State.JobId,
            State.Spec!,
            // Persisted as running but not (yet) running here: waiting for a slot to resume.
            State.Status == JobStatus.Running && !running ? JobStatus.Queued : State.Status,
            State.Reason,
            progress,
            eta,
            State.Node,
            State.SubmittedAt,
            State.StartedAt,
            State.FinishedAt,
            State.Attempts,
            State.Summary,
            State.AnnotatedVideoPath);
    }

    private sealed record RetryNow
    {
        public static RetryNow Instance { get; } = new();
    }
}
