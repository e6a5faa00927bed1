using ActorVision.Cluster.Devices;
using ActorVision.Core.Imaging;
using ActorVision.Inference.Detectors;
using ActorVision.Inference.Models;
using ActorVision.Tests;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;

namespace ActorVision.Cluster.Tests.Devices;

public sealed class DeviceRouterTests() : TestKit(RouterFixture.Config)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void A_batch_closes_when_it_reaches_max_batch_without_waiting_for_the_delay()
    {
        var router = StartRouter([RouterFixture.Poisonable()], RouterFixture.Settings(maxBatch: 4, maxDelay: TimeSpan.FromHours(1)));
        using var frame = RouterFixture.Bright();

        for (var i = 0; i < 4; i++) router.Tell(RouterFixture.Request("poisonable", frame, i));

        var results = Enumerable.Range(0, 4).Select(_ => ExpectMsg<DetectResult>(Wait)).ToList();
        Assert.All(results, r => Assert.Equal(4, r.BatchSize));
        Assert.Equal([0L, 1, 2, 3], results.Select(r => r.CorrelationId).Order());
        Assert.All(results, r => Assert.Equal("thing", Assert.Single(r.Detections.ToArray()).Label));
        Assert.Equal(1, frame.RefCount);
    }

    [Theory]
    [InlineData(true, 4)]
    [InlineData(false, 8)]
    public void A_full_batch_is_shared_among_idle_workers_unless_spreading_is_off(bool spread, int expectedBatch)
    {
        var settings = RouterFixture.Settings(maxBatch: 8, maxDelay: TimeSpan.FromHours(1), workers: 2) with { SpreadOverIdleWorkers = spread };
        var router = StartRouter([RouterFixture.Poisonable()], settings);
        using var frame = RouterFixture.Bright();

        for (var i = 0; i < 8; i++) router.Tell(RouterFixture.Request("poisonable", frame, i));

        var results = Enumerable.Range(0, 8).Select(_ => ExpectMsg<DetectResult>(Wait)).ToList();
        Assert.All(results, r => Assert.Equal(expectedBatch, r.BatchSize));
    }

    [Fact]
    public void While_a_batch_runs_new_requests_wait_for_it_and_then_run_as_one_batch_when_holding()
    {
        var gate = new SemaphoreSlim(0);
        var runs = CreateTestProbe();
        var settings = RouterFixture.Settings(maxBatch: 8, maxDelay: TimeSpan.Zero, workers: 2, hold: HoldWhileBusy.On);
        var router = StartRouter([RouterFixture.Poisonable()], settings, spec => new GatedDetector(DetectorFactory.Create(spec), runs.Ref, gate));
        using var frame = RouterFixture.Bright();

        // An idle model never waits: the first request runs at once, alone.
        router.Tell(RouterFixture.Request("poisonable", frame, 0));
        runs.ExpectMsg(GatedDetector.Entered, Wait);
        // Three more arrive while it runs: the second worker is free, but they wait for the running batch.
        for (var i = 1; i <= 3; i++) router.Tell(RouterFixture.Request("poisonable", frame, i));
        router.Tell(GetDeviceLoad.Instance);
        var load = ExpectMsg<DeviceLoad>(Wait);
        Assert.Equal((3, 1, 1), (load.QueuedLive, load.InFlight, load.BusyWorkers));

        gate.Release();
        Assert.Equal((0L, 1), ExpectMsg<DetectResult>(Wait) is var first ? (first.CorrelationId, first.BatchSize) : default);
        runs.ExpectMsg(GatedDetector.Entered, Wait);
        gate.Release();
        var rest = Enumerable.Range(0, 3).Select(_ => ExpectMsg<DetectResult>(Wait)).ToList();
        Assert.All(rest, r => Assert.Equal(3, r.BatchSize));
        Assert.Equal([1L, 2, 3], rest.Select(r => r.CorrelationId).Order());
    }

    [Fact]
    public void A_full_batch_does_not_wait_for_the_running_one_when_holding()
    {
        var gate = new SemaphoreSlim(0);
        var runs = CreateTestProbe();
        var settings = RouterFixture.Settings(maxBatch: 4, maxDelay: TimeSpan.Zero, workers: 2, hold: HoldWhileBusy.On);
        var router = StartRouter([RouterFixture.Poisonable()], settings, spec => new GatedDetector(DetectorFactory.Create(spec), runs.Ref, gate));
        using var frame = RouterFixture.Bright();

        router.Tell(RouterFixture.Request("poisonable", frame, 0));
        runs.ExpectMsg(GatedDetector.Entered, Wait);
        for (var i = 1; i <= 4; i++) router.Tell(RouterFixture.Request("poisonable", frame, i));

        // The fourth completes a batch: it goes to the free worker while the first still runs.
        runs.ExpectMsg(GatedDetector.Entered, Wait);
        gate.Release(2);
        var results = Enumerable.Range(0, 5).Select(_ => ExpectMsg<DetectResult>(Wait)).ToList();
        Assert.Equal(1, results.Single(r => r.CorrelationId == 0).BatchSize);
        Assert.All(results.Where(r => r.CorrelationId > 0), r => Assert.Equal(4, r.BatchSize));
    }

    [Fact]
    public void A_batch_closes_at_max_delay_with_what_has_arrived()
    {
        var router = StartRouter([RouterFixture.Poisonable()], RouterFixture.Settings(maxBatch: 8, maxDelay: TimeSpan.FromMilliseconds(50)));
        using var frame = RouterFixture.Bright();

        for (var i = 0; i < 3; i++) router.Tell(RouterFixture.Request("poisonable", frame, i));
        router.Tell(GetDeviceLoad.Instance);
        var waiting = ExpectMsg<DeviceLoad>(Wait);
        Assert.Equal(3, waiting.QueuedLive);
        Assert.Equal(0, waiting.InFlight);

        Scheduler.Advance(TimeSpan.FromMilliseconds(49));
        router.Tell(GetDeviceLoad.Instance);
        Assert.Equal(3, ExpectMsg<DeviceLoad>(Wait).QueuedLive);

        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        var results = Enumerable.Range(0, 3).Select(_ => ExpectMsg<DetectResult>(Wait)).ToList();
        Assert.All(results, r => Assert.Equal(3, r.BatchSize));
    }

    [Fact]
    public void Overload_replaces_a_cameras_older_queued_frame_while_jobs_wait_and_live_goes_first()
    {
        var gate = new SemaphoreSlim(0);
        var runs = CreateTestProbe();
        var router = StartRouter([RouterFixture.Poisonable()], RouterFixture.Settings(maxBatch: 1, maxDelay: TimeSpan.Zero, queueCapacity: 2),
            spec => new GatedDetector(DetectorFactory.Create(spec), runs.Ref, gate));
        using var frame = RouterFixture.Bright();

        router.Tell(RouterFixture.Request("poisonable", frame, 1));
        runs.ExpectMsg(GatedDetector.Entered, Wait); // the only worker is now busy with live 1
        router.Tell(RouterFixture.Request("poisonable", frame, 100, RequestPriority.Job));
        router.Tell(RouterFixture.Request("poisonable", frame, 2));
        router.Tell(RouterFixture.Request("poisonable", frame, 3));
        router.Tell(RouterFixture.Request("poisonable", frame, 4)); // a third live request: over capacity

        // This camera wants its newest frame analysed: its oldest waiting one gives way.
        var refused = ExpectMsg<DetectRefused>(Wait);
        Assert.Equal(2, refused.CorrelationId);
        Assert.Contains("full", refused.Reason);
        Assert.Contains("newer frame", refused.Reason);
        router.Tell(RouterFixture.Request("poisonable", frame, 101, RequestPriority.Job)); // jobs are still accepted
        router.Tell(GetDeviceLoad.Instance);
        var load = ExpectMsg<DeviceLoad>(Wait);
        Assert.Equal((2, 2, 1, 1L), (load.QueuedLive, load.QueuedJobs, load.InFlight, load.Refused));
        Assert.Equal(6, frame.RefCount); // ours + five requests held by the router; the refused one was released

        gate.Release(5);
        // Live first (1 was running, then 3 and 4), then the jobs in arrival order, though job 100 came before live 3.
        var order = Enumerable.Range(0, 5).Select(_ => ExpectMsg<DetectResult>(Wait).CorrelationId).ToArray();
        Assert.Equal([1L, 3, 4, 100, 101], order);
        Assert.Equal(1, frame.RefCount);
    }

    [Fact]
    public void A_full_queue_sheds_the_stale_frame_of_the_camera_holding_most_and_never_refuses_one_holding_none()
    {
        var gate = new SemaphoreSlim(0);
        var runs = CreateTestProbe();
        var router = StartRouter([RouterFixture.Poisonable()], RouterFixture.Settings(maxBatch: 1, maxDelay: TimeSpan.Zero, queueCapacity: 3),
            spec => new GatedDetector(DetectorFactory.Create(spec), runs.Ref, gate));
        var (heavy, light, newcomer) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        var frames = new List<VideoFrame>();
        void Send(TestProbe camera, long id)
        {
            var frame = RouterFixture.Bright();
            frames.Add(frame);
            router.Tell(RouterFixture.Request("poisonable", frame, id), camera.Ref);
        }

        Send(heavy, 10);
        runs.ExpectMsg(GatedDetector.Entered, Wait); // the only worker runs heavy's first frame
        Send(heavy, 11);
        Send(heavy, 12);
        Send(light, 20); // the queue is full: heavy 11, 12 and light 20
        Send(newcomer, 30);

        // The newcomer holds nothing: heavy, holding most, loses its oldest waiting frame instead.
        var shed = heavy.ExpectMsg<DetectRefused>(Wait);
        Assert.Equal(11, shed.CorrelationId);
        Assert.Contains("fairness", shed.Reason);
        Send(light, 21); // light now holds as many as anyone and replaces its own older frame
        Assert.Equal(20, light.ExpectMsg<DetectRefused>(Wait).CorrelationId);
        router.Tell(GetDeviceLoad.Instance);
        Assert.Equal((3, 2L), ExpectMsg<DeviceLoad>(Wait) is var load ? (load.QueuedLive, load.Refused) : default);

        // One run at a time: heavy's first, then the cameras that have not run yet (oldest frame first), then heavy.
        gate.Release();
        Assert.Equal(10, heavy.ExpectMsg<DetectResult>(Wait).CorrelationId);
        runs.ExpectMsg(GatedDetector.Entered, Wait);
        gate.Release();
        Assert.Equal(30, newcomer.ExpectMsg<DetectResult>(Wait).CorrelationId);
        runs.ExpectMsg(GatedDetector.Entered, Wait);
        gate.Release();
        Assert.Equal(21, light.ExpectMsg<DetectResult>(Wait).CorrelationId);
        runs.ExpectMsg(GatedDetector.Entered, Wait);
        gate.Release();
        Assert.Equal(12, heavy.ExpectMsg<DetectResult>(Wait).CorrelationId);

        // Every frame was released by the router exactly once: only the test's own hold is left.
        Assert.All(frames, frame => Assert.Equal(1, frame.RefCount));
        foreach (var frame in frames) frame.Release();
    }

    [Fact]
    public void A_camera_just_served_is_refused_its_next_frame_while_another_waits_for_its_first_turn()
    {
        var gate = new SemaphoreSlim(0);
        var runs = CreateTestProbe();
        var router = StartRouter([RouterFixture.Poisonable()], RouterFixture.Settings(maxBatch: 1, maxDelay: TimeSpan.Zero, queueCapacity: 1),
            spec => new GatedDetector(DetectorFactory.Create(spec), runs.Ref, gate));
        var (served, waiting) = (CreateTestProbe(), CreateTestProbe());
        using var frame = RouterFixture.Bright();

        router.Tell(RouterFixture.Request("poisonable", frame, 1), served.Ref);
        runs.ExpectMsg(GatedDetector.Entered, Wait);
        router.Tell(RouterFixture.Request("poisonable", frame, 2), waiting.Ref); // the queue is full
        router.Tell(RouterFixture.Request("poisonable", frame, 3), served.Ref);

        var refused = served.ExpectMsg<DetectRefused>(Wait);
        Assert.Equal(3, refused.CorrelationId);
        Assert.Contains("served more recently", refused.Reason);
        gate.Release(2);
        Assert.Equal(1, served.ExpectMsg<DetectResult>(Wait).CorrelationId);
        Assert.Equal(2, waiting.ExpectMsg<DetectResult>(Wait).CorrelationId);
        Assert.Equal(1, frame.RefCount);
    }

    [Fact]
    public void A_failing_batch_fails_only_its_requests_and_the_restarted_worker_serves_later_ones()
    {
        var router = StartRouter([RouterFixture.Poisonable()], RouterFixture.Settings(maxBatch: 1, maxDelay: TimeSpan.Zero));
        using var bright = RouterFixture.Bright();
        using var dark = RouterFixture.Dark();

        router.Tell(RouterFixture.Request("poisonable", bright, 1));
        Assert.Single(ExpectMsg<DetectResult>(Wait).Detections.ToArray());

        router.Tell(RouterFixture.Request("poisonable", dark, 2));
        var failed = ExpectMsg<DetectFailed>(Wait);
        Assert.Equal(2, failed.CorrelationId);
        Assert.Contains("non-finite", failed.Error);
        Assert.Equal(1, dark.RefCount);

        router.Tell(RouterFixture.Request("poisonable", bright, 3));
        var later = ExpectMsg<DetectResult>(Wait);
        Assert.Equal(3, later.CorrelationId);
        Assert.Single(later.Detections.ToArray());

        router.Tell(GetDeviceLoad.Instance);
        var load = ExpectMsg<DeviceLoad>(Wait);
        Assert.Equal((2L, 1L, 1), (load.Completed, load.Failed, load.Workers));
    }

    [Fact]
    public void Fixed_batch_one_models_run_one_frame_per_batch_in_parallel_workers_and_find_the_face()
    {
        var router = StartRouter([RouterFixture.FaceFront(TestAssets.BlazeFaceOriginal)], RouterFixture.Settings(maxBatch: 8, maxDelay: TimeSpan.Zero, workers: 2));
        router.Tell(WaitUntilReady.Instance);
        Assert.Empty(ExpectMsg<DeviceReady>(Wait).Unavailable);
        using var photo = TestImages.Decode(TestAssets.Astronaut);

        for (var i = 0; i < 4; i++) router.Tell(RouterFixture.Request("face-front", photo, i));

        var results = Enumerable.Range(0, 4).Select(_ => ExpectMsg<DetectResult>(Wait)).ToList();
        Assert.All(results, r => Assert.Equal(1, r.BatchSize));
        Assert.All(results, r => Assert.True(Assert.Single(r.Detections.ToArray()).Box.IoU(new Core.Geometry.BoxF(178f, 80f, 273f, 175f)) > 0.75f));
        router.Tell(GetDeviceLoad.Instance);
        var load = ExpectMsg<DeviceLoad>(Wait);
        Assert.Equal(2, load.Workers);
        Assert.Equal(1.0, load.RecentBatchSize);
        Assert.Equal(["cpu"], load.Providers);
        Assert.Equal(4, load.Completed);
        Assert.True(load.LatencyP50 > TimeSpan.Zero && load.LatencyP99 >= load.LatencyP50, $"p50 {load.LatencyP50}, p99 {load.LatencyP99}");
    }

    [Fact]
    public void A_model_that_cannot_load_fails_its_requests_with_the_reason()
    {
        var missing = RouterFixture.FaceFront("/nowhere/face.onnx");
        var router = StartRouter([missing, RouterFixture.Poisonable()], RouterFixture.Settings(workers: 2));
        router.Tell(WaitUntilReady.Instance);
        var ready = ExpectMsg<DeviceReady>(Wait);
        Assert.Contains("/nowhere/face.onnx", ready.Unavailable["face-front"]);
        using var frame = RouterFixture.Bright();

        router.Tell(RouterFixture.Request("face-front", frame, 1));
        Assert.Contains("/nowhere/face.onnx", ExpectMsg<DetectFailed>(Wait).Error);
        router.Tell(RouterFixture.Request("yolo-nobody-configured", frame, 2));
        Assert.Contains("not served", ExpectMsg<DetectFailed>(Wait).Error);
        Assert.Equal(1, frame.RefCount);
        using var gray = VideoFrame.Allocate(64, 64, PixelFormat.Gray8);
        router.Tell(RouterFixture.Request("poisonable", gray, 3));
        Assert.Contains("Rgb24 or Bgr24", ExpectMsg<DetectFailed>(Wait).Error);
        Assert.Equal(1, gray.RefCount);
    }

    [Fact]
    public void Pooled_frames_return_to_their_pool_after_every_kind_of_reply()
    {
        var gate = new SemaphoreSlim(0);
        var runs = CreateTestProbe();
        var router = StartRouter([RouterFixture.Poisonable()], RouterFixture.Settings(maxBatch: 1, maxDelay: TimeSpan.Zero, queueCapacity: 1),
            spec => new GatedDetector(DetectorFactory.Create(spec), runs.Ref, gate));
        var pool = new FramePool(64, 64, PixelFormat.Rgb24);
        using var bright = RouterFixture.Bright();
        using var dark = RouterFixture.Dark();

        VideoFrame Rent(VideoFrame content)
        {
            var frame = pool.Rent();
            frame.CopyFrom(content);
            return frame; // the requester's hold; we hand it to the router without keeping one (Retain not needed)
        }

        router.Tell(new DetectRequest("poisonable", Rent(dark), RequestPriority.Live, 1));   // runs and fails
        runs.ExpectMsg(GatedDetector.Entered, Wait);
        router.Tell(new DetectRequest("poisonable", Rent(bright), RequestPriority.Live, 2)); // queued, then replaced by 3
        router.Tell(new DetectRequest("poisonable", Rent(bright), RequestPriority.Live, 3)); // queued, then succeeds
        Assert.Equal(2, ExpectMsg<DetectRefused>(Wait).CorrelationId);
        gate.Release(3);
        ExpectMsg<DetectFailed>(Wait);
        runs.ExpectMsg(GatedDetector.Entered, Wait);
        ExpectMsg<DetectResult>(Wait);

        Assert.Equal(3, pool.Created);
        Assert.Equal(3, pool.Available);
    }

    private IActorRef StartRouter(IReadOnlyList<ModelSpec> models, InferenceSettings settings, Func<ModelSpec, IObjectDetector>? create = null)
    {
        var router = Sys.ActorOf(DeviceRouter.Props(ExecutionProvider.Cpu, models, settings, create));
        router.Tell(WaitUntilReady.Instance);
        ExpectMsg<DeviceReady>(Wait);
        return router;
    }
}
