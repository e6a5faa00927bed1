using ActorVision.Core.Events;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;

namespace ActorVision.Domain.Tests.Jobs;

public class JobStateTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

    internal static AnalysisJobSpec Spec(string input = "clip.mp4") => new()
    {
        Input = input,
        ResolvedInput = "/media/" + input,
        Models = ["motion"],
        EveryFrame = true,
        Submitter = "ana",
    };

    private static JobState Submitted(string requestId = "r1")
    {
        var state = new JobState("j-1");
        foreach (var e in state.Decide(new SubmitJob("j-1", requestId, Spec()), Now).Events) state = state.Apply(e);
        return state;
    }

    private static JobState Apply(JobState state, IEnumerable<IJobEvent> events) => events.Aggregate(state, (s, e) => s.Apply(e));

    private static AnalyticsEvent Event(double seconds, string rule = "door", string? label = "motion") => new()
    {
        Id = AnalyticsEventId.Create("j-1", rule, 1, AnalyticsEventType.LineCrossed, TimeSpan.FromSeconds(seconds)),
        CameraId = "j-1",
        RuleId = rule,
        RuleName = rule,
        EventType = AnalyticsEventType.LineCrossed,
        TrackId = 1,
        Label = label,
        WallTime = Now,
        StreamTime = TimeSpan.FromSeconds(seconds),
    };

    [Fact]
    public void Submit_queues_the_job_and_a_retried_submit_changes_nothing()
    {
        var state = Submitted();
        Assert.Equal(JobStatus.Queued, state.Status);
        Assert.True(state.ShouldRun);

        var retry = state.Decide(new SubmitJob("j-1", "r1", Spec()), Now.AddSeconds(1));
        Assert.Null(retry.Rejection);
        Assert.Empty(retry.Events);
    }

    [Fact]
    public void The_same_request_id_with_another_spec_is_refused()
    {
        var decision = Submitted().Decide(new SubmitJob("j-1", "r1", Spec("other.mp4")), Now);
        Assert.Equal(JobRejectionKind.AlreadyExists, decision.Rejection?.Kind);
    }

    [Fact]
    public void Start_counts_attempts_and_gives_up_at_the_limit()
    {
        var state = Submitted();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            state = Apply(state, state.DecideStart("node-a", null, maxAttempts: 3, Now));
            Assert.Equal(JobStatus.Running, state.Status);
            Assert.Equal(attempt, state.Attempts);
            state = Apply(state, state.DecideEnd(new JobRunEnded(JobProgress.None, JobRunOutcome.Failed, "connection refused", Transient: true), Now));
            Assert.Equal(JobStatus.Queued, state.Status);
        }
        state = Apply(state, state.DecideStart("node-a", null, maxAttempts: 3, Now));
        Assert.Equal(JobStatus.Failed, state.Status);
        Assert.Contains("gave up after 3 attempts", state.Reason);
        Assert.Contains("connection refused", state.Reason);
    }

    [Fact]
    public void A_permanent_failure_ends_the_job_with_its_reason()
    {
        var state = Submitted();
        state = Apply(state, state.DecideStart("node-a", null, 5, Now));
        state = Apply(state, state.DecideEnd(new JobRunEnded(JobProgress.None, JobRunOutcome.Failed, "not a video", Transient: false), Now));
        Assert.Equal(JobStatus.Failed, state.Status);
        Assert.Equal("not a video", state.Reason);
        Assert.False(state.ShouldRun);
    }

    [Fact]
    public void Events_of_frames_already_recorded_are_not_recorded_twice()
    {
        var state = Submitted();
        state = Apply(state, state.DecideStart("node-a", null, 5, Now));
        state = Apply(state, state.DecideRecord([Event(1), Event(1, "zone")]));
        state = Apply(state, state.DecideRecord([Event(2)]));
        Assert.Equal(3, state.Summary.EventCount);

        // The node died after frame 2's events were durable but before a checkpoint: the resumed run repeats them.
        state = Apply(state, state.DecideStart("node-b", null, 5, Now));
        Assert.Empty(state.DecideRecord([Event(1), Event(1, "zone")]));
        Assert.Empty(state.DecideRecord([Event(2)]));
        var fresh = state.DecideRecord([Event(3)]);
        Assert.Single(fresh);
        state = Apply(state, fresh);

        Assert.Equal(4, state.Summary.EventCount);
        Assert.Equal(3, state.Summary.PerRule["door"]);
        Assert.Equal(1, state.Summary.PerRule["zone"]);
        Assert.Equal(4, state.Summary.PerClass["motion"]);
        Assert.Equal(4, state.Summary.PerMinute[0]);
    }

    [Fact]
    public void Cancel_ends_a_queued_or_running_job_and_is_idempotent_once_finished()
    {
        var state = Submitted();
        state = Apply(state, state.Decide(new CancelJob("j-1"), Now).Events);
        Assert.Equal(JobStatus.Cancelled, state.Status);
        var again = state.Decide(new CancelJob("j-1"), Now);
        Assert.Null(again.Rejection);
        Assert.Empty(again.Events);
        Assert.Equal(JobRejectionKind.NotFound, new JobState("j-2").Decide(new CancelJob("j-2"), Now).Rejection?.Kind);
    }

    [Fact]
    public void Nothing_is_recorded_or_checkpointed_unless_running()
    {
        var state = Submitted();
        Assert.Empty(state.DecideRecord([Event(1)]));
        Assert.Empty(state.DecideEnd(new JobRunEnded(JobProgress.None, JobRunOutcome.Completed, null, false), Now));
    }

    [Fact]
    public void An_annotated_job_starts_over_on_a_new_attempt_but_keeps_what_it_recorded()
    {
        var state = Submitted() with { Spec = Spec() with { AnnotatedVideo = true } };
        state = Apply(state, state.DecideStart("node-a", "/data/jobs/j-1/annotated.mp4", 5, Now));
        state = Apply(state, state.DecideRecord([Event(1)]));
        state = state with { Checkpoint = new JobCheckpoint(10, TimeSpan.FromSeconds(1), 11, null, null, null!) };
        state = Apply(state, state.DecideStart("node-b", "/data/jobs/j-1/annotated.mp4", 5, Now));
        Assert.Null(state.Checkpoint);
        Assert.Equal(TimeSpan.FromSeconds(1), state.RecordedThrough);
    }
}
