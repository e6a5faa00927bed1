using System.Diagnostics;
using ActorVision.Benchmarks.Harness;
using ActorVision.Inference.Detectors;

namespace ActorVision.Benchmarks.Inference;

/// <summary>
/// What batching buys on this machine: BlazeFace front-128 per-frame cost at batch 1 and batch 8, with 1 and 2
/// intra-op threads (letterboxing from a 640x480 frame and decoding included).
/// </summary>
public sealed class BatchScalingBenchmark : IBenchmark
{
    public string Name => "inference-batch-scaling";
    public string Group => InferenceBench.Group;
    public string Description => "BlazeFace 128 detect time per frame at batch 1 and 8, 1 and 2 threads";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var duration = context.Scaled(TimeSpan.FromSeconds(3));
        using var frame = InferenceBench.CameraFrame();
        var results = new List<BenchmarkResult>();
        foreach (var threads in new[] { 1, 2 })
        foreach (var batch in new[] { 1, 8 })
        {
            using var detector = DetectorFactory.Create(InferenceBench.FaceFront(threads, batch));
            var frames = Enumerable.Repeat(frame, batch).ToArray();
            var output = new DetectionBatch();
            for (var i = 0; i < 20; i++) detector.Detect(frames, output);
            var start = Stopwatch.GetTimestamp();
            long n = 0;
            while (Stopwatch.GetElapsedTime(start) < duration)
            {
                detector.Detect(frames, output);
                n += batch;
            }
            var perFrame = Stopwatch.GetElapsedTime(start).TotalMilliseconds / n;
            context.Log($"threads {threads}, batch {batch}: {perFrame:0.000} ms per frame");
            results.Add(new BenchmarkResult($"per-frame-t{threads}-b{batch}", perFrame, "ms", HigherIsBetter: false));
        }
        return Task.FromResult<IReadOnlyList<BenchmarkResult>>(results);
    }
}
