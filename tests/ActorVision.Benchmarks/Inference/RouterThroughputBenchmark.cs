using System.Diagnostics;
using ActorVision.Benchmarks.Harness;
using ActorVision.Cluster.Devices;
using ActorVision.Core.Imaging;
using ActorVision.Inference.Detectors;
using Akka.Actor;

namespace ActorVision.Benchmarks.Inference;

/// <summary>
/// BlazeFace front-128 at batch 8 with 2 intra-op threads: a bare loop calling the detector, versus the same
/// model, batch size and threads behind a device router (one worker) kept saturated by 32 requests in flight.
/// The two alternate over several rounds and each keeps its best round, so load from other processes on a shared
/// machine does not favour one side. Target: router throughput >= 0.95 x the bare loop.
/// </summary>
public sealed class RouterThroughputBenchmark : IBenchmark
{
    private const int Batch = 8;
    private const int Threads = 2;
    private const int InFlight = 32;
    private const int Rounds = 3;

    public string Name => "inference-router-throughput";
    public string Group => InferenceBench.Group;
    public string Description => "frames/s through a device router vs a bare ONNX Runtime loop (BlazeFace 128, batch 8, 2 threads); target ratio >= 0.95";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var round = context.Scaled(TimeSpan.FromSeconds(3));
        using var frame = InferenceBench.CameraFrame();
        var spec = InferenceBench.FaceFront(Threads, Batch);
        using var detector = DetectorFactory.Create(spec);
        var frames = Enumerable.Repeat(frame, Batch).ToArray();
        var results = new DetectionBatch();
        for (var i = 0; i < 10; i++) detector.Detect(frames, results);
        if (results.For(0).Length != 1) throw new InvalidOperationException("the bare detector did not find the face");

        using var system = InferenceBench.StartSystem("throughput");
        var router = await InferenceBench.StartRouter(system, spec, InferenceBench.Router(Batch, TimeSpan.FromMilliseconds(2), workers: 1));
        await Drive(router, frame, context.Scaled(TimeSpan.FromSeconds(1)));

        double bare = 0, routed = 0, meanBatch = 0;
        for (var r = 0; r < Rounds; r++)
        {
            var started = Stopwatch.GetTimestamp();
            long done = 0;
            while (Stopwatch.GetElapsedTime(started) < round)
            {
                detector.Detect(frames, results);
                done += Batch;
            }
            var bareRound = done / Stopwatch.GetElapsedTime(started).TotalSeconds;
            var (routedRound, batchRound) = await Drive(router, frame, round);
            context.Log($"round {r + 1}: bare {bareRound:0} frames/s, router {routedRound:0} frames/s (mean batch {batchRound:0.0})");
            bare = Math.Max(bare, bareRound);
            if (routedRound > routed) (routed, meanBatch) = (routedRound, batchRound);
        }
        await system.Terminate();

        return
        [
            new BenchmarkResult("bare-fps", bare, "frames/s"),
            new BenchmarkResult("router-fps", routed, "frames/s", Baseline: bare),
            new BenchmarkResult("router-vs-bare", routed / bare, "ratio", Baseline: 0.95),
            new BenchmarkResult("router-mean-batch", meanBatch, "frames"),
        ];
    }

    /// <summary>Keeps <see cref="InFlight"/> job requests outstanding for <paramref name="duration"/>.</summary>
    private static async Task<(double Fps, double MeanBatch)> Drive(IActorRef router, VideoFrame frame, TimeSpan duration)
    {
        var started = Stopwatch.GetTimestamp();
        long done = 0, batchSum = 0;
        var lanes = Enumerable.Range(0, InFlight).Select(async lane =>
        {
            long id = lane;
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                var result = await InferenceBench.Detect(router, "face-front", frame, RequestPriority.Job, id += InFlight);
                Interlocked.Increment(ref done);
                Interlocked.Add(ref batchSum, result.BatchSize);
            }
        });
        await Task.WhenAll(lanes);
        return (done / Stopwatch.GetElapsedTime(started).TotalSeconds, (double)batchSum / Math.Max(1, done));
    }
}
