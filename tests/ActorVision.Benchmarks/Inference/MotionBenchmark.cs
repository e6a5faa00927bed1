using System.Diagnostics;
using ActorVision.Benchmarks.Harness;
using ActorVision.Core.Detections;
using ActorVision.Inference.Motion;
using ActorVision.Tests;

namespace ActorVision.Benchmarks.Inference;

/// <summary>Cost of the model-free motion detector per frame on the pedestrian video (768x576) and on 1080p, and its allocation.</summary>
public sealed class MotionBenchmark : IBenchmark
{
    public string Name => "inference-motion";
    public string Group => InferenceBench.Group;
    public string Description => "motion detector: ms per frame at 768x576 (pedestrians) and 1920x1080, bytes allocated per frame";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var results = new List<BenchmarkResult>();
        foreach (var (label, path) in new[] { ("576p", TestAssets.Pedestrians), ("1080p", TestAssets.TestSource1080p) })
        {
            var frames = TestImages.DecodeVideo(path, 40);
            var detector = new MotionDetector();
            var blobs = new List<Detection>(64);
            foreach (var f in frames) detector.Process(f, blobs);
            var duration = context.Scaled(TimeSpan.FromSeconds(2));
            long n = 0, found = 0;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(start) < duration)
            {
                blobs.Clear();
                detector.Process(frames[(int)(n % frames.Count)], blobs);
                found += blobs.Count;
                n++;
            }
            var perFrame = Stopwatch.GetElapsedTime(start).TotalMilliseconds / n;
            var bytes = (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / n;
            context.Log($"{label}: {perFrame:0.00} ms per frame, {bytes:0} bytes allocated per frame, {(double)found / n:0.0} blobs per frame");
            results.Add(new BenchmarkResult($"per-frame-{label}", perFrame, "ms", HigherIsBetter: false));
            results.Add(new BenchmarkResult($"allocated-{label}", bytes, "bytes", HigherIsBetter: false));
        }
        return Task.FromResult<IReadOnlyList<BenchmarkResult>>(results);
    }
}
