using System.Diagnostics;
using ActorVision.Benchmarks.Harness;
using ActorVision.Cluster.Devices;
using ActorVision.Core.Imaging;
using ActorVision.Inference.Detectors;
using Akka.Actor;

namespace ActorVision.Benchmarks.Inference;

/// <summary>
/// Eight cameras, each sending one frame and waiting for its answer before the next (closed loop), BlazeFace
/// front-128. Dynamic batching: all eight through one router (2 workers of 1 thread, max-batch 8, max-delay 2 ms).
/// Baseline: each camera with its own session at batch 1 on its own thread (8 sessions of 1 thread). The two
/// alternate over rounds; the round with the best throughput of each side is reported. Latency is per request,
/// from sending (or calling Detect) to the answer; the mean is cameras / throughput.
/// </summary>
public sealed class EightCamerasBenchmark : IBenchmark
{
    private const int Cameras = 8;
    private const int Rounds = 3;

    public string Name => "inference-eight-cameras";
    public string Group => InferenceBench.Group;
    public string Description => "8 cameras x single frames: dynamic batching through the router vs a session per camera at batch 1 (throughput, p50/p99 latency)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var round = context.Scaled(TimeSpan.FromSeconds(3));
        using var frame = InferenceBench.CameraFrame();
        var detectors = Enumerable.Range(0, Cameras).Select(_ => DetectorFactory.Create(InferenceBench.FaceFront(1, 1))).ToArray();
        using var system = InferenceBench.StartSystem("eight-cameras");
        var router = await InferenceBench.StartRouter(system, InferenceBench.FaceFront(1, 8), InferenceBench.Router(8, TimeSpan.FromMilliseconds(2), workers: 2));
        await RunRouted(router, frame, context.Scaled(TimeSpan.FromSeconds(1)));
        RunOwnSessions(detectors, frame, context.Scaled(TimeSpan.FromSeconds(1)));

        (double Fps, List<double> Latencies, double Batch) own = (0, [], 1), routed = (0, [], 0);
        for (var r = 0; r < Rounds; r++)
        {
            var ownRound = RunOwnSessions(detectors, frame, round);
            var routedRound = await RunRouted(router, frame, round);
            context.Log($"round {r + 1}: session per camera {ownRound.Fps:0} frames/s, router {routedRound.Fps:0} frames/s (mean batch {routedRound.Batch:0.0})");
            if (ownRound.Fps > own.Fps) own = ownRound;
            if (routedRound.Fps > routed.Fps) routed = routedRound;
        }
        foreach (var d in detectors) d.Dispose();
        await system.Terminate();

        var ownP50 = InferenceBench.Percentile(own.Latencies, 50);
        var ownP99 = InferenceBench.Percentile(own.Latencies, 99);
        var p50 = InferenceBench.Percentile(routed.Latencies, 50);
        var p99 = InferenceBench.Percentile(routed.Latencies, 99);
        context.Log($"session per camera: {own.Fps:0} frames/s, p50 {ownP50:0.00} ms, p99 {ownP99:0.00} ms");
        context.Log($"router: {routed.Fps:0} frames/s, p50 {p50:0.00} ms, p99 {p99:0.00} ms, mean batch {routed.Batch:0.0}");
        return
        [
            new BenchmarkResult("per-camera-session-fps", own.Fps, "frames/s"),
            new BenchmarkResult("router-fps", routed.Fps, "frames/s", Baseline: own.Fps),
            new BenchmarkResult("per-camera-session-p50", ownP50, "ms", HigherIsBetter: false),
            new BenchmarkResult("per-camera-session-p99", ownP99, "ms", HigherIsBetter: false),
            new BenchmarkResult("per-camera-session-mean", 1000.0 * Cameras / own.Fps, "ms", HigherIsBetter: false),
            new BenchmarkResult("router-p50", p50, "ms", Baseline: ownP50, HigherIsBetter: false),
            new BenchmarkResult("router-p99", p99, "ms", Baseline: ownP99, HigherIsBetter: false),
            new BenchmarkResult("router-mean", 1000.0 * Cameras / routed.Fps, "ms", HigherIsBetter: false),
            new BenchmarkResult("router-mean-batch", routed.Batch, "frames"),
        ];
    }

    private static (double Fps, List<double> Latencies, double Batch) RunOwnSessions(OnnxDetector[] detectors, VideoFrame frame, TimeSpan duration)
    {
        var latencies = new List<double>[Cameras];
        var start = Stopwatch.GetTimestamp();
        var threads = Enumerable.Range(0, Cameras).Select(c => new Thread(() =>
        {
            var own = latencies[c] = new List<double>(50_000);
            var results = new DetectionBatch();
            while (Stopwatch.GetElapsedTime(start) < duration)
            {
                var t = Stopwatch.GetTimestamp();
                detectors[c].Detect([frame], results);
                own.Add(InferenceBench.Milliseconds(t));
            }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        var all = latencies.SelectMany(l => l).ToList();
        return (all.Count / Stopwatch.GetElapsedTime(start).TotalSeconds, all, 1);
    }

    private static async Task<(double Fps, List<double> Latencies, double Batch)> RunRouted(IActorRef router, VideoFrame frame, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp();
        long batchSum = 0;
        var cameras = Enumerable.Range(0, Cameras).Select(c => Task.Run(async () =>
        {
            var latencies = new List<double>(50_000);
            long id = 0;
            while (Stopwatch.GetElapsedTime(start) < duration)
            {
                var t = Stopwatch.GetTimestamp();
                var result = await InferenceBench.Detect(router, "face-front", frame, RequestPriority.Live, c * 1_000_000 + id++);
                latencies.Add(InferenceBench.Milliseconds(t));
                Interlocked.Add(ref batchSum, result.BatchSize);
            }
            return latencies;
        })).ToArray();
        var all = (await Task.WhenAll(cameras)).SelectMany(l => l).ToList();
        return (all.Count / Stopwatch.GetElapsedTime(start).TotalSeconds, all, (double)batchSum / Math.Max(1, all.Count));
    }
}
