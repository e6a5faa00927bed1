using Akka.Actor;
using Akka.TestKit.Xunit2;
using ActorVision.Core.Detections;
using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Imaging;
using ActorVision.Core.Rules;
using ActorVision.Core.Tracking;
using ActorVision.Domain.Analytics;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;
using ActorVision.Persistence.Jobs;

namespace ActorVision.Persistence.Tests.Jobs;

/// <summary>Job journal entries and snapshots read back as they were written, checkpoints included.</summary>
public class JobJournalSerializerTests : TestKit
{
    private static readonly DateTime At = new(2026, 11, 26, 12, 0, 0, 123, DateTimeKind.Utc);

    private JobJournalSerializer Serializer => new((ExtendedActorSystem)Sys);

    private static AnalysisJobSpec Spec() => new()
    {
        Input = "clip.mp4",
        ResolvedInput = "/media/clip.mp4",
        Models = ["motion"],
        EveryFrame = true,
        Submitter = "ana",
    };

    private T RoundTrip<T>(T value) where T : notnull
    {
        var serializer = Serializer;
        var bytes = serializer.ToBinary(value);
        return (T)serializer.FromBinary(bytes, serializer.Manifest(value));
    }

    internal static JobCheckpoint Checkpoint()
    {
        var rules = new RuleSpec[]
        {
            new LineCrossingRuleSpec { Id = "door", A = new(0.5f, 0f), B = new(0.5f, 1f) },
            new ZoneRuleSpec { Id = "zone", Polygon = Polygon.Rectangle(0.1f, 0.1f, 0.6f, 0.9f) },
        };
        var tracker = new ByteTracker(new TrackerOptions());
        var engine = new RuleEngine("j-1", rules);
        var events = new List<AnalyticsEvent>();
        for (var i = 0; i < 30; i++)
        {
            var time = TimeSpan.FromMilliseconds(100 * i);
            var x = 10 + 8 * i;
            Detection[] detections = [new Detection(new BoxF(x, 40, x + 12, 64), 0.9f, 0, "motion")];
            var tracks = tracker.Update(detections, time);
            engine.Evaluate(new FrameAnalysis(320, 180, time, At), tracks, events);
        }
        Assert.NotEmpty(events);
        var background = Enumerable.Range(0, 160 * 90).Select(i => i * 0.37f).ToArray();
        return new JobCheckpoint(299, TimeSpan.FromSeconds(2.9), 30, TimeSpan.FromSeconds(3), new MotionState(320, 180, 30, background),
            new TrackingState(tracker.Capture(), engine.Capture(), null));
    }

    [Fact]
    public void A_checkpoint_reads_back_unchanged()
    {
        var original = new JobCheckpointed(Checkpoint(), new JobProgress(300, 7200, 30, 2, 0), At);
        var copy = RoundTrip(original);
        Assert.Equal(original.Progress, copy.Progress);
        Assert.Equal(original.Checkpoint.FrameIndex, copy.Checkpoint.FrameIndex);
        Assert.Equal(original.Checkpoint.StreamTime, copy.Checkpoint.StreamTime);
        Assert.Equal(original.Checkpoint.SamplerNextDue, copy.Checkpoint.SamplerNextDue);
        Assert.Equal(original.Checkpoint.Motion!.Background, copy.Checkpoint.Motion!.Background);
        // Serialising the copy gives the same bytes: nothing was lost on the way.
        Assert.Equal(Serializer.ToBinary(original), Serializer.ToBinary(copy));
    }

    [Fact]
    public void Lifecycle_events_and_analytics_events_read_back_unchanged()
    {
        var spec = Spec() with
        {
            Rules = [new LineCrossingRuleSpec { Id = "door", A = new(0.5f, 0f), B = new(0.5f, 1f) }],
            AnalysisWidth = 320,
        };
        var submitted = RoundTrip(new JobSubmitted(spec, "r-1", At));
        Assert.Equal(spec.Rules, submitted.Spec.Rules);
        Assert.Equal(spec with { Rules = [], Models = [] }, submitted.Spec with { Rules = [], Models = [] });
        Assert.Equal(new JobStarted(2, "akka.tcp://actorvision@127.0.0.1:4053", null, At), RoundTrip(new JobStarted(2, "akka.tcp://actorvision@127.0.0.1:4053", null, At)));
        Assert.Equal(new JobCompleted(new JobProgress(10, 10, 10, 0, 0), "note", At), RoundTrip(new JobCompleted(new JobProgress(10, 10, 10, 0, 0), "note", At)));
        Assert.Equal(new JobCancelled(new JobProgress(5, 10, 5, 0, 0), At), RoundTrip(new JobCancelled(new JobProgress(5, 10, 5, 0, 0), At)));

        var analytics = new AnalyticsEvent
        {
            Id = AnalyticsEventId.Create("j-1", "door", 3, AnalyticsEventType.LineCrossed, TimeSpan.FromSeconds(4)),
            CameraId = "j-1",
            RuleId = "door",
            RuleName = "Door",
            EventType = AnalyticsEventType.LineCrossed,
            TrackId = 3,
            Label = "motion",
            Confidence = 0.9f,
            WallTime = At,
            StreamTime = TimeSpan.FromSeconds(4),
            Direction = CrossingDirection.In,
            InCount = 1,
            OutCount = 0,
        };
        var recorded = RoundTrip(new JobEventRecorded(analytics));
        Assert.Equal(analytics, recorded.Event);
        Assert.Equal("j-1", recorded.JobId);
    }

    [Fact]
    public void A_snapshot_reads_back_unchanged()
    {
        var state = new JobState("j-1")
        {
            Spec = Spec(),
            RequestId = "r-1",
            Status = JobStatus.Running,
            SubmittedAt = At,
            StartedAt = At,
            Attempts = 2,
            Node = "node-a",
            Progress = new JobProgress(300, 7200, 300, 0, 0),
            Checkpoint = Checkpoint(),
            Summary = JobSummary.Empty.Add(new AnalyticsEvent
            {
                Id = Guid.NewGuid(), CameraId = "j-1", RuleId = "door", RuleName = "door", EventType = AnalyticsEventType.LineCrossed,
                WallTime = At, StreamTime = TimeSpan.FromSeconds(61),
            }),
            RecordedThrough = TimeSpan.FromSeconds(61),
        };
        var copy = RoundTrip(state);
        Assert.Equal(state.Summary.PerRule, copy.Summary.PerRule);
        Assert.Equal(state.Summary.PerClass, copy.Summary.PerClass);
        Assert.Equal(state.Summary.PerMinute, copy.Summary.PerMinute);
        Assert.Equal(state.RecordedThrough, copy.RecordedThrough);
        Assert.Equal(state.Status, copy.Status);
        Assert.Equal(Serializer.ToBinary(state), Serializer.ToBinary(copy));
    }
}
