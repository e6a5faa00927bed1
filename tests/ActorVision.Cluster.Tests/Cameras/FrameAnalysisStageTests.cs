using System.Collections.Immutable;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Tests.Devices;
using ActorVision.Core.Cameras;
using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;
using ActorVision.Core.Imaging;
using ActorVision.Inference.Detectors;
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
/// The analysis stage: requests to the device router through the stage's actor with correlation ids, results in stream
/// order, deadlines on a virtual clock (the TestScheduler), and what happens to frames that get no detections.
/// </summary>
public sealed class FrameAnalysisStageTests() : TestKit(RouterFixture.Config)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void Frames_go_to_the_router_with_correlation_ids_and_leave_in_stream_order_whatever_order_the_answers_come_in()
    {
        var router = CreateTestProbe();
        using var analyser = Analyser(["thing"], router.Ref);
        var (upstream, downstream) = Run(analyser, new FrameAnalysisOptions { Window = 2, Dropped = (_, reason) => throw new InvalidOperationException(reason) });
        var first = RouterFixture.Bright();
        var second = RouterFixture.Bright();

        downstream.Request(2);
        upstream.SendNext(first);
        upstream.SendNext(second);
        var a = router.ExpectMsg<DetectRequest>(Wait);
        var stage = router.LastSender;
        var b = router.ExpectMsg<DetectRequest>(Wait);
        Assert.Equal((first, second), (a.Frame, b.Frame));
        Assert.NotEqual(a.CorrelationId, b.CorrelationId);
        Assert.Equal(RequestPriority.Live, a.Priority);

        // The router answers the second frame first; each answer carries its request's id.
        Answer(stage, b, Box(30));
        Answer(stage, a, Box(10));

        var out1 = downstream.ExpectNext(Wait);
        var out2 = downstream.ExpectNext(Wait);
        Assert.Same(first, out1.Frame);
        Assert.Equal(10, Assert.Single(out1.Detections).Box.X1);
        Assert.Same(second, out2.Frame);
        Assert.Equal(30, Assert.Single(out2.Detections).Box.X1);
        out1.Release();
        out2.Release();
        Assert.Equal((0, 0), (first.RefCount, second.RefCount));
    }

    [Fact]
    public void A_router_that_never_answers_does_not_wedge_the_analysis_the_frame_is_released_and_dropped_with_the_reason()
    {
        var gate = new SemaphoreSlim(0);
        var runs = CreateTestProbe();
        var router = StartRouter(RouterFixture.Settings(maxDelay: TimeSpan.Zero), spec => new GatedDetector(DetectorFactory.Create(spec), runs.Ref, gate));
        var drops = CreateTestProbe();
        using var analyser = Analyser(["poisonable"], router);
        var (upstream, downstream) = Run(analyser, new FrameAnalysisOptions
        {
            Window = 1,
            DetectTimeout = TimeSpan.FromSeconds(2),
            Tick = TimeSpan.FromSeconds(1),
            Dropped = (reason, description) => drops.Tell((reason, description)),
        });
        var stuck = RouterFixture.Bright();
        downstream.Request(2);
        upstream.SendNext(stuck);
        runs.ExpectMsg(GatedDetector.Entered, Wait);

        // Two ticks is the timeout; the frame is given up on the tick after.
        for (var i = 0; i < 3; i++) Scheduler.Advance(TimeSpan.FromSeconds(1));

        var (dropReason, why) = drops.ExpectMsg<(FrameDropReason, string)>(Wait);
        Assert.Equal(FrameDropReason.TimedOut, dropReason);
        Assert.Contains("no answer from the cpu device router within 2 s", why);
        AwaitAssert(() => Assert.Equal(1, stuck.RefCount), Wait); // only the router's own hold is left

        // The next frame goes through once the worker is free; the stuck frame's late answer is ignored.
        var next = RouterFixture.Bright();
        upstream.SendNext(next);
        gate.Release(2);
        var analysed = downstream.ExpectNext(Wait);
        Assert.Same(next, analysed.Frame);
        Assert.Single(analysed.Detections);
        analysed.Release();
        AwaitAssert(() => Assert.Equal((0, 0), (stuck.RefCount, next.RefCount)), Wait);
        drops.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Without_a_detect_deadline_a_slow_router_slows_the_analysis_down_and_drops_nothing()
    {
        // A file camera's requests wait behind live ones on a saturated node: however long, the frame waits for them.
        var gate = new SemaphoreSlim(0);
        var runs = CreateTestProbe();
        var router = StartRouter(RouterFixture.Settings(maxDelay: TimeSpan.Zero), spec => new GatedDetector(DetectorFactory.Create(spec), runs.Ref, gate));
        var drops = CreateTestProbe();
        using var analyser = Analyser(["poisonable"], router);
        var (upstream, downstream) = Run(analyser, new FrameAnalysisOptions
        {
            Window = 1,
            DetectTimeout = Timeout.InfiniteTimeSpan,
            Tick = TimeSpan.FromSeconds(1),
            Dropped = (reason, description) => drops.Tell((reason, description)),
        });
        var slow = RouterFixture.Bright();
        downstream.Request(1);
        upstream.SendNext(slow);
        runs.ExpectMsg(GatedDetector.Entered, Wait);

        Scheduler.Advance(TimeSpan.FromHours(1));
        drops.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        gate.Release();
        var analysed = downstream.ExpectNext(Wait);
        Assert.Same(slow, analysed.Frame);
        Assert.Single(analysed.Detections);
        analysed.Release();
        AwaitAssert(() => Assert.Equal(0, slow.RefCount), Wait);
    }

    [Fact]
    public void A_queued_frame_that_gives_way_to_the_camera_s_newer_one_is_dropped_at_once_with_the_router_s_reason()
    {
        var gate = new SemaphoreSlim(0);
        var runs = CreateTestProbe();
        var router = StartRouter(RouterFixture.Settings(maxDelay: TimeSpan.Zero, queueCapacity: 1),
            spec => new GatedDetector(DetectorFactory.Create(spec), runs.Ref, gate));
        var drops = CreateTestProbe();
        using var analyser = Analyser(["poisonable"], router);
        var (upstream, downstream) = Run(analyser, new FrameAnalysisOptions { Window = 3, Dropped = (reason, description) => drops.Tell((reason, description)) });
        downstream.Request(3);

        upstream.SendNext(RouterFixture.Bright()); // runs (and waits at the gate)
        runs.ExpectMsg(GatedDetector.Entered, Wait);
        var stale = RouterFixture.Bright();
        upstream.SendNext(stale); // queued: the live queue is full
        var newest = RouterFixture.Bright();
        upstream.SendNext(newest); // takes the stale frame's place: a live camera wants its newest frame analysed

        var (dropReason, why) = drops.ExpectMsg<(FrameDropReason, string)>(Wait);
        Assert.Equal(FrameDropReason.Refused, dropReason);
        Assert.Contains("queue of model 'poisonable' is full", why);
        Assert.Contains("newer frame", why);
        Assert.Equal(0, stale.RefCount);
        gate.Release(4);
        downstream.ExpectNext(Wait).Release();
        var analysed = downstream.ExpectNext(Wait);
        Assert.Same(newest, analysed.Frame);
        analysed.Release();
        AwaitAssert(() => Assert.Equal(0, newest.RefCount), Wait);
    }

    [Fact]
    public void Without_a_place_to_drop_frames_a_frame_the_model_fails_on_fails_the_analysis()
    {
        var router = StartRouter(RouterFixture.Settings(maxDelay: TimeSpan.Zero));
        using var analyser = Analyser(["poisonable"], router, RequestPriority.Job);
        var (upstream, downstream) = Run(analyser, new FrameAnalysisOptions { Window = 2 });
        downstream.Request(1);

        var dark = RouterFixture.Dark(); // the model's output is NaN for dark frames
        upstream.SendNext(dark);

        var error = downstream.ExpectError();
        Assert.IsType<FrameNotAnalysedException>(error);
        Assert.Contains("model poisonable failed", error.Message);
        AwaitAssert(() => Assert.Equal(0, dark.RefCount), Wait);
    }

    [Fact]
    public void A_live_camera_that_delivers_nothing_for_a_tick_still_runs_its_rules_on_an_idle_marker()
    {
        using var analyser = Analyser(["motion"], ActorRefs.Nobody);
        var (upstream, downstream) = Run(analyser, new FrameAnalysisOptions { EmitIdle = true, Tick = TimeSpan.FromSeconds(1), Dropped = (_, _) => { } });
        downstream.Request(1);
        upstream.ExpectRequest(); // started: its tick is scheduled

        Scheduler.Advance(TimeSpan.FromSeconds(1));

        var idle = downstream.ExpectNext(Wait);
        Assert.True(idle.IsIdle);
        idle.Release();
    }

    [Theory]
    [InlineData(false, 1)] // a live camera: the decoder keeps the newest picture until the recorder is free
    [InlineData(true, 2)]  // a job: works ahead up to its window
    public void While_an_analysed_frame_waits_for_the_recorder_a_live_camera_takes_no_other(bool analyseAhead, int framesTaken)
    {
        using var analyser = Analyser(["motion"], ActorRefs.Nobody);
        var (upstream, downstream) = Run(analyser, new FrameAnalysisOptions { Window = 2, AnalyseAhead = analyseAhead, Dropped = (_, _) => { } });
        var first = RouterFixture.Bright();
        var second = RouterFixture.Bright();

        upstream.SendNext(first); // analysed at once (motion only), then waits: nothing downstream asked yet
        if (framesTaken == 2) upstream.SendNext(second);
        else upstream.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // not asked for a second frame
        downstream.Request(2);
        Assert.Same(first, downstream.ExpectNext(Wait).Frame);
        if (framesTaken == 1)
        {
            upstream.SendNext(second); // asked once the first went on
        }
        Assert.Same(second, downstream.ExpectNext(Wait).Frame);
    }

    [Fact]
    public void A_job_marks_checkpoint_frames_with_the_sampler_the_motion_and_the_tracker_as_each_stood_at_that_frame()
    {
        using var analyser = Analyser(["motion"], ActorRefs.Nobody, RequestPriority.Job);
        var sampler = new AnalysisSampler(5);
        var due = new Queue<bool>([false, true]);
        var (upstream, downstream) = Run(analyser, new FrameAnalysisOptions { Sampler = sampler, CheckpointDue = due.Dequeue });
        downstream.Request(3);

        // Three frames 40 ms apart at 5 fps: the first is analysed, the second skipped by the sampler, then one 200 ms on.
        var frames = new[] { Frame(0), Frame(40), Frame(200) };
        foreach (var frame in frames) upstream.SendNext(frame);

        var plain = downstream.ExpectNext(Wait);
        var marked = downstream.ExpectNext(Wait);
        Assert.Null(plain.Checkpoint);
        Assert.Same(frames[2], marked.Frame);
        var checkpoint = Assert.IsType<AnalysisCheckpoint>(marked.Checkpoint);
        Assert.Equal(TimeSpan.FromMilliseconds(400), checkpoint.SamplerNextDue);
        Assert.Equal(2, checkpoint.Motion!.FramesSeen);
        Assert.NotNull(checkpoint.Tracking);
        Assert.Equal(0, frames[1].RefCount); // skipped by the sampler: back to its pool at once
        plain.Release();
        marked.Release();
    }

    private static VideoFrame Frame(int milliseconds)
    {
        var frame = RouterFixture.Bright();
        frame.SetTiming(milliseconds, milliseconds, TimeSpan.FromMilliseconds(milliseconds), DateTime.UtcNow);
        return frame;
    }

    private static Detection Box(float x) => new(BoxF.FromXywh(x, 10, 20, 20), 0.9f, 0, "thing");

    private static void Answer(IActorRef stage, DetectRequest request, Detection detection)
    {
        // As the router does: its hold goes back before the answer.
        request.Frame.Release();
        stage.Tell(DetectResult.Rent(request.Model, request.CorrelationId, [detection], 1, TimeSpan.Zero, TimeSpan.Zero));
    }

    private (TestPublisher.Probe<VideoFrame> Upstream, TestSubscriber.Probe<AnalysisFrame> Downstream) Run(FrameAnalyser analyser, FrameAnalysisOptions options) =>
        this.SourceProbe<VideoFrame>()
            .Via(new FrameAnalysisStage(analyser, options))
            .ToMaterialized(this.SinkProbe<AnalysisFrame>(), Keep.Both)
            .Run(Sys.Materializer());

    private IActorRef StartRouter(InferenceSettings settings, Func<ModelSpec, IObjectDetector>? createDetector = null)
    {
        var router = Sys.ActorOf(DeviceRouter.Props(ExecutionProvider.Cpu, [RouterFixture.Poisonable()], settings, createDetector));
        router.Tell(WaitUntilReady.Instance);
        ExpectMsg<DeviceReady>(Wait);
        return router;
    }

    private static FrameAnalyser Analyser(IReadOnlyList<string> models, IActorRef router, RequestPriority priority = RequestPriority.Live)
    {
        var catalog = new ModelCatalog(
            new Dictionary<string, ModelSpec> { ["thing"] = RouterFixture.Poisonable() with { Name = "thing" }, ["poisonable"] = RouterFixture.Poisonable() },
            new Dictionary<string, MotionSettings> { ["motion"] = new() });
        var spec = new CameraSpec { Id = "stage-test", SourceUrl = "rtsp://127.0.0.1/stage-test", Models = models, AnalysisFps = 5 };
        return new FrameAnalyser(spec, catalog, new DeviceChoice(new LocalDevices([new LocalDevice("cpu", router)]), "auto"), priority,
            ImmutableSortedDictionary<string, long>.Empty);
    }
}
