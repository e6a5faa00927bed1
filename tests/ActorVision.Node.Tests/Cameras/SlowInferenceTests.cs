using ActorVision.Core.Cameras;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;
using Xunit.Abstractions;
using ActorVision.Domain.Cameras;

namespace ActorVision.Node.Tests.Cameras;

/// <summary>
/// A model slower than the camera: a live camera keeps its latency bounded by dropping (and counting) stale frames;
/// a file camera slows its decoder down and analyses every sampled frame.
/// </summary>
public sealed class SlowInferenceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestNode _node = null!;
    private Support.Cameras _cameras = null!;

    public async Task InitializeAsync()
    {
        // One worker with batch 1: tens of milliseconds a frame here, slower than 25 fps.
        var model = TestModels.Slow(inputSize: 96, width: 2048, depth: 32);
        _node = await TestNode.StartAsync($$"""
            actorvision.inference {
              router { workers = 1, max-batch = 1, queue-capacity = 2 }
              models { {{TestModels.SlowModelHocon("slow", model, inputSize: 96, maxBatch: 1)}} }
            }
            """);
        _cameras = new Support.Cameras(await _node.CameraRegionAsync());
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_live_camera_drops_stale_frames_and_its_latency_stays_bounded()
    {
        using var server = RtspTestServer.Start();
        await _cameras.RegisterAsync(new CameraSpec { Id = "busy", SourceUrl = server.CameraUrl, Models = ["slow"], AnalysisFps = 25 });

        var view = await _cameras.WaitForAsync("busy", s => s.Statistics.FramesDropped > 20 && s.Statistics.FramesAnalysed > 20,
            TimeSpan.FromSeconds(60), "drops counted while frames are analysed");
        // Let the latency window fill with frames analysed under sustained overload.
        await Task.Delay(TimeSpan.FromSeconds(5));
        view = await _cameras.GetAsync("busy");
        var s = view.Status.Statistics;
        output.WriteLine($"in {s.FramesIn}, analysed {s.FramesAnalysed}, dropped {s.FramesDropped}, latency p50 {s.LatencyP50Milliseconds:0} ms, p95 {s.LatencyP95Milliseconds:0} ms");

        Assert.Equal(CameraRunState.Running, view.Status.State);
        // Without dropping, 20 s of 25 fps into a model doing a few fps would queue tens of seconds of frames.
        Assert.True(s.LatencyP95Milliseconds < 3000, $"latency stays bounded: p95 {s.LatencyP95Milliseconds:0} ms");
        Assert.True(s.FramesDropped > s.FramesAnalysed / 2, "the overload shows as counted drops");
    }

    [Fact]
    public async Task A_file_camera_drops_nothing_and_analyses_every_sampled_frame()
    {
        // testsrc-360p: 250 frames at 25 fps; sampled at 5 fps that is exactly 50 analysed frames.
        await _cameras.RegisterAsync(new CameraSpec
        {
            Id = "archive", SourceUrl = TestAssets.TestSource360p, Mode = SourceMode.File, Models = ["slow"], AnalysisFps = 5,
        });

        var view = await _cameras.WaitForStateAsync("archive", CameraRunState.Completed, TimeSpan.FromSeconds(120));
        var s = view.Status.Statistics;
        output.WriteLine($"in {s.FramesIn}, analysed {s.FramesAnalysed}, dropped {s.FramesDropped}");

        // Without video outputs the decoder skips what analysis would skip: exactly the sampled frames arrive.
        Assert.Equal(50, s.FramesIn);
        Assert.Equal(50, s.FramesAnalysed);
        Assert.Equal(0, s.FramesDropped);
    }
}
