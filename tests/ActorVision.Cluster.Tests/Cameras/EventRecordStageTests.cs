using ActorVision.Cluster.Telemetry;
using ActorVision.Cluster.Storage;
using System.Collections.Immutable;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Tests.Devices;
using ActorVision.Core.Cameras;
using ActorVision.Core.Events;
using ActorVision.Core.Imaging;
using ActorVision.Inference.Models;
using ActorVision.Inference.Motion;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using Akka.TestKit;
using Akka.TestKit.Xunit2;

namespace ActorVision.Cluster.Tests.Cameras;

/// <summary>
/// The end of a camera's analysis: events persisted through the entity before their snapshot is written, and a journal
/// or disk that fails or stalls never stops the camera (virtual time for the deadlines).
/// </summary>
public sealed class EventRecordStageTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly AnalysisFrames _carriers = new();
    private readonly FrameAnalyser _analyser;
    private readonly PipelineCounters _counters;

    public EventRecordStageTests() : base(Akka.Configuration.ConfigurationFactory.ParseString(
            File.ReadAllText(Path.Combine(ActorVision.Tests.TestAssets.RepoRoot, "hocon", "actorvision.conf")))
        .WithFallback(RouterFixture.Config))
    {
        _counters = new PipelineCounters("record-test", ActorVisionMetrics.Get(Sys));
        var spec = new CameraSpec { Id = "record-test", SourceUrl = "rtsp://127.0.0.1/record-test", Models = ["motion"], AnalysisFps = 5 };
        var catalog = new ModelCatalog(new Dictionary<string, ModelSpec>(), new Dictionary<string, MotionSettings> { ["motion"] = new() });
        _analyser = new FrameAnalyser(spec, catalog, new DeviceChoice(LocalDevices.None, "auto"), RequestPriority.Live, ImmutableSortedDictionary<string, long>.Empty);
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void Events_are_persisted_before_their_snapshot_is_written_and_the_next_frame_waits_for_both()
    {
        var entity = CreateTestProbe();
        var writer = CreateTestProbe();
        var upstream = Run(Options(entity.Ref, writer.Ref));
        var frame = RouterFixture.Bright();

        upstream.SendNext(EventFrame(frame));
        upstream.SendNext(EventFrame(RouterFixture.Bright()));

        var record = entity.ExpectMsg<RecordAnalyticsEvents>(Wait);
        Assert.Single(record.Events);
        Assert.False(writer.HasMessages); // nothing written for events that are not durable yet
        entity.LastSender.Tell(new AnalyticsEventsRecorded(1, record.CorrelationId));

        var write = writer.ExpectMsg<WriteSnapshot>(Wait);
        Assert.Same(frame, write.Frame);
        Assert.Equal(record.Events, write.Events);
        Assert.Equal(2, frame.RefCount); // the stage's hold and the writer's
        write.Frame.Release();
        Assert.False(entity.HasMessages); // the second frame waits for the first one's snapshot
        writer.LastSender.Tell(new SnapshotWritten(write.CorrelationId));

        Assert.NotEqual(record.CorrelationId, entity.ExpectMsg<RecordAnalyticsEvents>(Wait).CorrelationId);
        AwaitAssert(() => Assert.Equal(0, frame.RefCount), Wait);
        Assert.Equal((2L, 0L), (_counters.FramesAnalysed, _counters.SnapshotsFailed));
    }

    [Fact]
    public void A_snapshot_the_disk_refuses_is_counted_and_reported_and_the_camera_goes_on()
    {
        var folder = Directory.CreateTempSubdirectory("av-snapshots-").FullName;
        var writer = Sys.ActorOf(SnapshotWriter.Props(new EventSnapshots(folder, () => [], new NodeStorage(folder), _counters)));
        Directory.Delete(folder); // the disk went away under the camera
        var entity = CreateTestProbe();
        var problems = CreateTestProbe();
        var upstream = Run(Options(entity.Ref, writer) with { Problem = (problem, reason) => problems.Tell((problem, reason)) });
        var frame = RouterFixture.Bright();

        upstream.SendNext(EventFrame(frame));
        var record = entity.ExpectMsg<RecordAnalyticsEvents>(Wait);
        entity.LastSender.Tell(new AnalyticsEventsRecorded(1, record.CorrelationId));

        var (problem, reason) = problems.ExpectMsg<(RecordingProblem, string)>(Wait);
        Assert.Equal(RecordingProblem.SnapshotNotWritten, problem);
        Assert.Contains("DirectoryNotFoundException", reason);
        Assert.Equal(1, _counters.SnapshotsFailed);
        AwaitAssert(() => Assert.Equal(0, frame.RefCount), Wait);

        // The next frame with events is recorded as usual.
        upstream.SendNext(EventFrame(RouterFixture.Bright()));
        entity.ExpectMsg<RecordAnalyticsEvents>(Wait);
    }

    [Fact]
    public void A_journal_that_does_not_confirm_in_time_is_reported_no_snapshot_is_written_and_the_next_frame_goes_on()
    {
        var entity = CreateTestProbe();
        var writer = CreateTestProbe();
        var problems = CreateTestProbe();
        var upstream = Run(Options(entity.Ref, writer.Ref) with { PersistTimeout = TimeSpan.FromSeconds(30), Problem = (p, r) => problems.Tell((p, r)) });
        var frame = RouterFixture.Bright();

        upstream.SendNext(EventFrame(frame));
        var slow = entity.ExpectMsg<RecordAnalyticsEvents>(Wait);
        Scheduler.Advance(TimeSpan.FromSeconds(30));

        var (problem, reason) = problems.ExpectMsg<(RecordingProblem, string)>(Wait);
        Assert.Equal(RecordingProblem.EventsNotConfirmed, problem);
        Assert.Equal("the journal did not confirm events within 30 s", reason);
        AwaitAssert(() => Assert.Equal(0, frame.RefCount), Wait);

        upstream.SendNext(EventFrame(RouterFixture.Bright()));
        var next = entity.ExpectMsg<RecordAnalyticsEvents>(Wait);
        Assert.NotEqual(slow.CorrelationId, next.CorrelationId);
        // The slow confirmation arrives late: it is not taken for the next frame's.
        entity.LastSender.Tell(new AnalyticsEventsRecorded(1, slow.CorrelationId));
        Assert.False(writer.HasMessages);
        entity.LastSender.Tell(new AnalyticsEventsRecorded(1, next.CorrelationId));
        writer.ExpectMsg<WriteSnapshot>(Wait).Frame.Release();
        Assert.False(writer.HasMessages);
    }

    private EventRecordOptions Options(IActorRef entity, IActorRef writer) => new()
    {
        Entity = entity,
        Counters = _counters,
        Analyser = _analyser,
        SnapshotWriter = writer,
    };

    private TestPublisher.Probe<AnalysisFrame> Run(EventRecordOptions options)
    {
        var (upstream, _) = this.SourceProbe<AnalysisFrame>()
            .ToMaterialized(Sink.FromGraph(new EventRecordStage(options)), Keep.Both)
            .Run(Sys.Materializer());
        return upstream;
    }

    /// <summary>An analysed frame whose rules raised one event, as the analysis stage hands it on.</summary>
    private AnalysisFrame EventFrame(VideoFrame frame)
    {
        var carrier = _carriers.Rent(frame);
        carrier.Events =
        [
            new AnalyticsEvent
            {
                Id = Guid.NewGuid(),
                CameraId = "record-test",
                RuleId = "line",
                RuleName = "line",
                EventType = AnalyticsEventType.LineCrossed,
                WallTime = DateTime.UtcNow,
                StreamTime = TimeSpan.Zero,
            },
        ];
        carrier.Overlay = OverlaySnapshot.Empty;
        return carrier;
    }

    protected override void AfterAll()
    {
        _analyser.Dispose();
        base.AfterAll();
    }
}
