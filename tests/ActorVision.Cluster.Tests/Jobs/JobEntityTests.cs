using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.TestKit;
using ActorVision.Cluster.Entities;
using ActorVision.Cluster.Jobs;
using ActorVision.Cluster.Jobs.Running;
using ActorVision.Cluster.Jobs.Scheduling;
using ActorVision.Cluster.Tests.Support;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;
using ActorVision.Tests;
using Xunit.Abstractions;

namespace ActorVision.Cluster.Tests.Jobs;

/// <summary>
/// The job entity with an in-memory journal, a probe as its node's scheduler and another as its shard, and real
/// runners (FFmpeg, the motion detector) once it has a slot.
/// </summary>
public sealed class JobEntityTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly JobSettings Settings = JobSettings.FromConfig(ConfigurationFactory.ParseString("""
        max-attempts = 2
        retry-backoff = 200ms
        status-interval = 200ms
        passivate-finished-after = 300ms
        """));

    private readonly CameraFixtures _fixtures = new();

    private JobEntityDependencies Dependencies(TestProbe scheduler) => new(
        scheduler.Ref,
        new JobRunnerDependencies(CameraFixtures.Catalog, NoDevices, CameraFixtures.Settings, Settings, _fixtures.Sources, _fixtures.Outputs),
        Settings,
        new EntityJournalSettings(SnapshotEvery: 100));

    /// <summary>A probe as the node's scheduler that admits every new job (what it asks still reaches the test).</summary>
    private TestProbe Scheduler()
    {
        var scheduler = CreateTestProbe();
        scheduler.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is RequestJobSlot { Admission: true } request) sender.Tell(new JobAdmission(request.JobId, true, null));
            return AutoPilot.KeepRunning;
        }));
        return scheduler;
    }

    private static AnalysisJobSpec Spec(string input) => new()
    {
        Input = input,
        ResolvedInput = input,
        Models = ["motion"],
        AnalysisFps = 5,
        Rules = CameraFixtures.Crossing("job").Rules,
        Submitter = "ana",
        Caller = "key-ana",
    };

    [Fact]
    public void A_submitted_job_is_queued_asks_for_a_slot_and_a_retried_submit_gets_the_same_job()
    {
        var scheduler = Scheduler();
        var job = Sys.ActorOf(JobEntity.Props("j1", Dependencies(scheduler)));

        job.Tell(new SubmitJob("j1", "req-1", Spec(TestAssets.ScriptedCrossing)));
        var accepted = ExpectMsg<JobAccepted>(Wait).Job;
        Assert.Equal(JobStatus.Queued, accepted.Status);
        Assert.Equal(new RequestJobSlot("j1", "key-ana", Admission: true), scheduler.ExpectMsg<RequestJobSlot>(Wait));

        job.Tell(new SubmitJob("j1", "req-1", Spec(TestAssets.ScriptedCrossing)));
        Assert.Equal(accepted.SubmittedAt, ExpectMsg<JobAccepted>(Wait).Job.SubmittedAt);
        job.Tell(new SubmitJob("j1", "req-1", Spec(TestAssets.Pedestrians)));
        Assert.Equal(JobRejectionKind.AlreadyExists, ExpectMsg<JobRejected>(Wait).Kind);
    }

    [Fact]
    public void A_job_with_a_slot_runs_its_file_to_the_end_frees_the_slot_and_passivates_once_idle()
    {
        var scheduler = Scheduler();
        var shard = CreateTestProbe();
        var job = shard.ChildActorOf(JobEntity.Props("j2", Dependencies(scheduler)));
        job.Tell(new SubmitJob("j2", "req-2", Spec(TestAssets.ScriptedCrossing)));
        ExpectMsg<JobAccepted>(Wait);
        scheduler.ExpectMsg<RequestJobSlot>(Wait);

        job.Tell(new JobSlotGranted("j2"), scheduler.Ref);

        Assert.Equal(new ReleaseJobSlot("j2"), scheduler.ExpectMsg<ReleaseJobSlot>(Wait));
        job.Tell(new GetJob("j2"));
        var done = ExpectMsg<JobView>(Wait);
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(750, done.Progress.FramesDone);
        // The box crosses the middle line every 5 s of the 30 s clip.
        Assert.True(done.Summary.EventCount >= 5, $"{done.Summary.EventCount} events");
        shard.ExpectMsg<Passivate>(Wait);
    }

    [Fact]
    public void A_job_recovered_while_running_asks_for_a_slot_again_and_shows_queued_until_it_has_one()
    {
        var scheduler = Scheduler();
        var job = Sys.ActorOf(JobEntity.Props("j3", Dependencies(scheduler)));
        job.Tell(new SubmitJob("j3", "req-3", Spec(TestAssets.Pedestrians)));
        ExpectMsg<JobAccepted>(Wait);
        scheduler.ExpectMsg<RequestJobSlot>(Wait);
        job.Tell(new JobSlotGranted("j3"), scheduler.Ref);
        job.Tell(new GetJob("j3"));
        Assert.Equal(JobStatus.Running, ExpectMsg<JobView>(Wait).Status);

        // The node goes: the entity stops with its runner, and gives its slot back.
        Watch(job);
        Sys.Stop(job);
        ExpectTerminated(job, Wait);
        scheduler.ExpectMsg<ReleaseJobSlot>(Wait);

        var again = Sys.ActorOf(JobEntity.Props("j3", Dependencies(scheduler)));
        Assert.Equal(new RequestJobSlot("j3", "key-ana"), scheduler.ExpectMsg<RequestJobSlot>(Wait));
        again.Tell(new GetJob("j3"));
        var view = ExpectMsg<JobView>(Wait);
        Assert.Equal(JobStatus.Queued, view.Status);
        Assert.Equal(1, view.Attempts);
    }

    [Fact]
    public void An_attempt_that_fails_on_a_closed_port_is_retried_after_the_backoff_until_the_attempts_are_used_up()
    {
        var scheduler = Scheduler();
        var job = Sys.ActorOf(JobEntity.Props("j4", Dependencies(scheduler)));
        job.Tell(new SubmitJob("j4", "req-4", Spec($"rtsp://127.0.0.1:{TestPorts.Next()}/nobody")));
        ExpectMsg<JobAccepted>(Wait);

        // Two attempts (max-attempts), each failing fast with a refused connection: a transient failure.
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            scheduler.ExpectMsg<RequestJobSlot>(Wait);
            job.Tell(new JobSlotGranted("j4"), scheduler.Ref);
            scheduler.ExpectMsg<ReleaseJobSlot>(Wait);
        }
        // The third grant finds the attempts used up.
        scheduler.ExpectMsg<RequestJobSlot>(Wait);
        job.Tell(new JobSlotGranted("j4"), scheduler.Ref);
        scheduler.ExpectMsg<ReleaseJobSlot>(Wait);

        job.Tell(new GetJob("j4"));
        var view = ExpectMsg<JobView>(Wait);
        Assert.Equal(JobStatus.Failed, view.Status);
        Assert.Equal(2, view.Attempts);
        Assert.StartsWith("gave up after 2 attempts; the last one: connection refused", view.Reason);
    }

    [Fact]
    public void Cancelling_a_queued_job_frees_its_place_and_a_second_cancel_changes_nothing()
    {
        var scheduler = Scheduler();
        var shard = CreateTestProbe();
        var job = shard.ChildActorOf(JobEntity.Props("j5", Dependencies(scheduler)));
        job.Tell(new SubmitJob("j5", "req-5", Spec(TestAssets.ScriptedCrossing)));
        ExpectMsg<JobAccepted>(Wait);
        scheduler.ExpectMsg<RequestJobSlot>(Wait);

        job.Tell(new CancelJob("j5"));
        Assert.Equal(JobStatus.Cancelled, ExpectMsg<JobAccepted>(Wait).Job.Status);
        scheduler.ExpectMsg<ReleaseJobSlot>(Wait);
        job.Tell(new CancelJob("j5"));
        Assert.Equal(JobStatus.Cancelled, ExpectMsg<JobAccepted>(Wait).Job.Status);
        shard.ExpectMsg<Passivate>(Wait);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _fixtures.Dispose();
    }
}
