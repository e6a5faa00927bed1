using System.Collections.Immutable;
using ActorVision.Core.Cameras;
using ActorVision.Core.Detections;
using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Imaging;
using ActorVision.Core.Rules;
using ActorVision.Core.Tracking;
using ActorVision.Domain.Analytics;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;

namespace ActorVision.Persistence.Tests;

/// <summary>
/// One of every entry the journals and snapshot stores hold, every field set. Fixed values only (no clocks, no random
/// ids): <see cref="JournalGoldenBytesTests"/> holds the bytes these were written as.
/// </summary>
public static class JournalSamples
{
    public static readonly DateTime At = new(2026, 11, 26, 12, 0, 0, 123, DateTimeKind.Utc);

    public static readonly CameraSpec CameraSpec = new()
    {
        Id = "dock",
        Name = "Loading dock",
        SourceUrl = "rtsp://10.0.0.7/main",
        Mode = SourceMode.File,
        Loop = true,
        Models = ["motion", "face-front"],
        Device = "cuda:0",
        AnalysisFps = 7.5,
        AnalysisWidth = 640,
        AnalysisHeight = 360,
        Outputs = new CameraOutputs { HlsFolder = "hls/dock", Mp4Path = "dock.mp4", RtspPublishUrl = "rtsp://out/dock", Snapshots = true, BitrateKbps = 900 },
        Rules = Rules,
    };

    public static IReadOnlyList<RuleSpec> Rules =>
    [
        new ZoneRuleSpec { Id = "z", Name = "Zone", Polygon = Polygon.Rectangle(0.1f, 0.2f, 0.6f, 0.9f), ReportExit = false, Classes = ClassFilter.Of("person"), Cooldown = TimeSpan.FromSeconds(2), Anchor = AnchorPoint.Center, MinConfidence = 0.4f, MinBoxSize = new SizeF(0.01f, 0.02f) },
        new LineCrossingRuleSpec { Id = "l", A = new PointF(0, 0.5f), B = new PointF(1, 0.5f), Direction = CrossingDirection.Out, Hysteresis = 0.05f, Enabled = false },
        new LoiteringRuleSpec { Id = "lo", Polygon = Polygon.Rectangle(0, 0, 1, 1), Threshold = TimeSpan.FromSeconds(30) },
        new OccupancyRuleSpec { Id = "o", Polygon = Polygon.Rectangle(0, 0, 1, 1), Condition = OccupancyCondition.FewerThan, Limit = 3, Duration = TimeSpan.FromSeconds(5) },
        new StationaryObjectRuleSpec { Id = "s", Threshold = TimeSpan.FromMinutes(2), MaxMovement = 0.03f },
        new CameraHealthRuleSpec { Id = "h", NoFramesAfter = TimeSpan.FromSeconds(10), FrozenAfter = TimeSpan.FromSeconds(20), BlackoutAfter = TimeSpan.FromSeconds(30), BlackoutMaxLuma = 12 },
    ];

    public static readonly AnalyticsEvent LineEvent = new()
    {
        Id = AnalyticsEventId.Create("dock", "l", 12, AnalyticsEventType.LineCrossed, TimeSpan.FromSeconds(9.4)),
        CameraId = "dock", RuleId = "l", RuleName = "l", EventType = AnalyticsEventType.LineCrossed, TrackId = 12, Label = "person",
        Confidence = 0.87f, WallTime = At, StreamTime = TimeSpan.FromSeconds(9.4), Box = new BoxF(0.1f, 0.2f, 0.3f, 0.4f),
        Direction = CrossingDirection.Out, InCount = 3, OutCount = 4,
    };

    public static readonly AnalyticsEvent HealthEvent = new()
    {
        Id = AnalyticsEventId.Create("dock", "h", null, AnalyticsEventType.CameraFrozen, TimeSpan.FromSeconds(31)),
        CameraId = "dock", RuleId = "h", RuleName = "health", EventType = AnalyticsEventType.CameraFrozen,
        WallTime = At, StreamTime = TimeSpan.FromSeconds(31), Duration = TimeSpan.FromSeconds(20), Condition = CameraCondition.Frozen,
    };

    public static readonly AnalyticsEvent ZoneExitEvent = new()
    {
        Id = AnalyticsEventId.Create("j-1", "z", 5, AnalyticsEventType.ZoneExit, TimeSpan.FromSeconds(75)),
        CameraId = "j-1", RuleId = "z", RuleName = "Zone", EventType = AnalyticsEventType.ZoneExit, TrackId = 5, Label = "motion",
        Confidence = 0.5f, WallTime = At, StreamTime = TimeSpan.FromSeconds(75), Box = new BoxF(0.5f, 0.5f, 0.6f, 0.7f),
        Dwell = TimeSpan.FromSeconds(12.5), Occupancy = 2,
    };

    public static CameraState CameraSnapshot => new("dock")
    {
        Spec = CameraSpec,
        Owner = CameraOwner.File,
        ShouldRun = true,
        EventsTotal = 42,
        LastEvent = LineEvent,
        FileCompleted = new CameraFileCompleted(250, At),
        Counters = ImmutableSortedDictionary<string, long>.Empty.Add("l.in", 3).Add("l.out", 4),
    };

    /// <summary>Camera journal entries by manifest.</summary>
    public static IReadOnlyList<(string Manifest, object Entry)> CameraJournal =>
    [
        ("camera-registered.v1", new CameraRegistered(CameraSpec, CameraOwner.File, At)),
        ("camera-updated.v1", new CameraUpdated(CameraSpec with { Rules = [], Outputs = CameraOutputs.None, Loop = false, Mode = SourceMode.Live }, At)),
        ("camera-rules-replaced.v1", new CameraRulesReplaced(Rules, At)),
        ("camera-started.v1", new CameraStarted(At)),
        ("camera-stopped.v1", new CameraStopped(At)),
        ("camera-removed.v1", new CameraRemoved(At)),
        ("camera-file-completed.v1", new CameraFileCompleted(7200, At)),
        ("analytics-event.v1", new AnalyticsEventRecorded(LineEvent)),
        ("analytics-event.v1", new AnalyticsEventRecorded(HealthEvent)),
        ("camera-snapshot.v1", CameraSnapshot),
        ("camera-snapshot.v1", new CameraState("empty")),
    ];

    public static AnalysisJobSpec JobSpec => new()
    {
        Input = "clips/yard.mp4",
        ResolvedInput = "/srv/media/clips/yard.mp4",
        Models = ["motion", "face-front"],
        Rules = Rules,
        EveryFrame = false,
        AnalysisFps = 5,
        AnalysisWidth = 320,
        AnalysisHeight = 180,
        AnnotatedVideo = true,
        Submitter = "ana",
    };

    /// <summary>A checkpoint after a few frames of one moving object: tracker, rule and motion states are all set.</summary>
    public static JobCheckpoint Checkpoint()
    {
        var rules = new RuleSpec[]
        {
            new LineCrossingRuleSpec { Id = "door", A = new(0.5f, 0f), B = new(0.5f, 1f) },
            new ZoneRuleSpec { Id = "zone", Polygon = Polygon.Rectangle(0.1f, 0.1f, 0.6f, 0.9f) },
        };
        var tracker = new ByteTracker(new TrackerOptions());
        var engine = new RuleEngine("j-1", rules);
        var events = new List<AnalyticsEvent>();
        for (var i = 0; i < 6; i++)
        {
            var time = TimeSpan.FromMilliseconds(100 * i);
            var x = 100 + 30 * i;
            Detection[] detections = [new Detection(new BoxF(x, 40, x + 12, 64), 0.9f, 0, "motion")];
            engine.Evaluate(new FrameAnalysis(320, 180, time, At), tracker.Update(detections, time), events);
        }
        float[] background = [0f, 0.25f, 1.5f, -2f, 3.75f, 100f, 0.125f, 7f];
        return new JobCheckpoint(59, TimeSpan.FromSeconds(0.5), 6, TimeSpan.FromSeconds(0.6), new MotionState(4, 2, 6, background),
            new TrackingState(tracker.Capture(), engine.Capture(), null));
    }

    public static JobProgress Progress => new(60, 7200, 6, 1, 0);

    public static JobState JobSnapshot => new("j-1")
    {
        Spec = JobSpec,
        RequestId = "r-1",
        Status = JobStatus.Running,
        Reason = "node lost",
        SubmittedAt = At,
        StartedAt = At.AddSeconds(1),
        Attempts = 2,
        Node = "akka.tcp://actorvision@10.0.0.2:4053",
        AnnotatedVideoPath = "/srv/out/j-1.mp4",
        Progress = Progress,
        Checkpoint = Checkpoint(),
        Summary = JobSummary.Empty.Add(ZoneExitEvent).Add(ZoneExitEvent with { RuleId = "l", Label = null, StreamTime = TimeSpan.FromSeconds(130) }),
        RecordedThrough = TimeSpan.FromSeconds(130),
    };

    /// <summary>Job journal entries by manifest.</summary>
    public static IReadOnlyList<(string Manifest, object Entry)> JobJournal =>
    [
        ("job-submitted.v1", new JobSubmitted(JobSpec, "r-1", At)),
        ("job-started.v1", new JobStarted(2, "akka.tcp://actorvision@10.0.0.2:4053", "/srv/out/j-1.mp4", At)),
        ("job-started.v1", new JobStarted(1, "akka.tcp://actorvision@10.0.0.2:4053", null, At)),
        ("job-analytics-event.v1", new JobEventRecorded(ZoneExitEvent)),
        ("job-checkpointed.v1", new JobCheckpointed(Checkpoint(), Progress, At)),
        ("job-attempt-failed.v1", new JobAttemptFailed("node lost", Progress, At)),
        ("job-completed.v1", new JobCompleted(Progress, "the recording ends early", At)),
        ("job-completed.v1", new JobCompleted(Progress, null, At)),
        ("job-failed.v1", new JobFailed("undecodable", Progress, At)),
        ("job-cancelled.v1", new JobCancelled(Progress, At)),
        ("job-snapshot.v1", JobSnapshot),
        ("job-snapshot.v1", new JobState("j-2")),
    ];
}
