using System.Diagnostics;
using ActorVision.Benchmarks.Harness;
using ActorVision.Cluster.Devices;
using ActorVision.Core.Imaging;
using ActorVision.Inference.Detectors;
using ActorVision.Inference.Models;
using ActorVision.Tests;
using Akka.Actor;

namespace ActorVision.Benchmarks.Inference;

/// <summary>
/// The COCO SSD (models/ssd-coco) on frames of the pedestrians clip (768x576; stretching to 300x300 and decoding
/// included), next to BlazeFace back-256:
/// <list type="bullet">
/// <item>ms per frame of the uint8 (QDQ) and float files, and of face-back, at batch 1 and 8, with 1 and 2 intra-op threads;</item>
/// <item>how the two COCO files agree: the share of the float file's detections (score >= 0.5) that the uint8 file
/// finds too (same class, IoU >= 0.5), over 40 frames spread through the clip;</item>
/// <item>the shipped (uint8) model behind a device router (one worker, batch 8, 1 thread, 32 requests in flight)
/// against a bare loop at the same batch and threads, alternating short rounds; target ratio >= 0.95.</item>
/// </list>
/// </summary>
public sealed class SsdBenchmark : IBenchmark
{
    private const int InFlight = 32;
    private const int Rounds = 5;

    public string Name => "inference-ssd";
    public string Group => InferenceBench.Group;
    public string Description => "COCO SSD uint8 vs float, batch 1/8, 1/2 threads, next to face-back; detection agreement; router vs bare loop (target >= 0.95)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var frames = Enumerable.Range(0, 40).Select(i => TestImages.DecodeVideoAt(TestAssets.Pedestrians, TimeSpan.FromSeconds(1 + i * 1.9))).ToArray();
        try
        {
            var results = new List<BenchmarkResult>();
            var floatFile = Path.Combine(TestAssets.Models, "ssd-coco", "ssd_mobilenet_v2_coco_float.onnx");
            var variants = new (string Name, Func<int, int, ModelSpec> Spec)[]
            {
                ("coco-uint8", (t, b) => InferenceBench.Shipped("coco", t, b)),
                ("coco-float", (t, b) => InferenceBench.Shipped("coco", t, b) with { FilePath = floatFile }),
                ("face-back", (t, b) => InferenceBench.Shipped("face-back", t, b)),
            };
            foreach (var (name, spec) in variants)
            foreach (var threads in new[] { 1, 2 })
            foreach (var batch in new[] { 1, 8 })
            {
                var perFrame = PerFrame(spec(threads, batch), frames, batch, context.Scaled(TimeSpan.FromSeconds(3)));
                context.Log($"{name}, {threads} thread(s), batch {batch}: {perFrame:0.00} ms per frame");
                results.Add(new BenchmarkResult($"{name}-t{threads}-b{batch}", perFrame, "ms", HigherIsBetter: false));
            }

            var agreement = Agreement(InferenceBench.Shipped("coco", 1), InferenceBench.Shipped("coco", 1) with { FilePath = floatFile }, frames);
            context.Log($"uint8 finds {agreement:P1} of the float model's detections");
            results.Add(new BenchmarkResult("uint8-finds-float-detections", agreement, "fraction", Note: "same class, IoU >= 0.5, score >= 0.5, 40 frames"));

            results.AddRange(await RouterVersusBare(context, frames));
            return results;
        }
        finally
        {
            foreach (var frame in frames) frame.Release();
        }
    }

    private static double PerFrame(ModelSpec spec, VideoFrame[] frames, int batch, TimeSpan duration)
    {
        using var detector = DetectorFactory.Create(spec);
        var output = new DetectionBatch();
        var chunk = new VideoFrame[batch];
        var next = 0;
        void Run()
        {
            for (var i = 0; i < batch; i++) chunk[i] = frames[next++ % frames.Length];
            detector.Detect(chunk, output);
        }
        for (var i = 0; i < 5; i++) Run();
        var start = Stopwatch.GetTimestamp();
        long n = 0;
        while (Stopwatch.GetElapsedTime(start) < duration)
        {
            Run();
            n += batch;
        }
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / n;
    }

    private static double Agreement(ModelSpec quantized, ModelSpec floating, VideoFrame[] frames)
    {
        using var q = DetectorFactory.Create(quantized);
        using var f = DetectorFactory.Create(floating);
        var qOut = new DetectionBatch();
        var fOut = new DetectionBatch();
        int found = 0, total = 0;
        foreach (var frame in frames)
        {
            q.Detect([frame], qOut);
            f.Detect([frame], fOut);
            var mine = qOut.ToArray(0);
            foreach (var d in fOut.For(0))
            {
                total++;
                if (mine.Any(m => m.ClassId == d.ClassId && m.Box.IoU(d.Box) >= 0.5f)) found++;
            }
        }
        return total == 0 ? double.NaN : (double)found / total;
    }

    private static async Task<IReadOnlyList<BenchmarkResult>> RouterVersusBare(BenchmarkContext context, VideoFrame[] frames)
    {
        const int batch = 8;
        var round = context.Scaled(TimeSpan.FromSeconds(3));
        var spec = InferenceBench.Shipped("coco", 1, batch);
        using var detector = DetectorFactory.Create(spec);
        var chunk = frames[..batch];
        var output = new DetectionBatch();
        for (var i = 0; i < 3; i++) detector.Detect(chunk, output);

        using var system = InferenceBench.StartSystem("ssd");
        var router = await InferenceBench.StartRouter(system, spec, InferenceBench.Router(batch, TimeSpan.Zero, workers: 1));
        await Drive(router, frames, context.Scaled(TimeSpan.FromSeconds(1)));
        double bare = 0, routed = 0, meanBatch = 0;
        var ratios = new List<double>();
        for (var r = 0; r < Rounds; r++)
        {
            var started = Stopwatch.GetTimestamp();
            long done = 0;
            while (Stopwatch.GetElapsedTime(started) < round)
            {
                detector.Detect(chunk, output);
                done += batch;
            }
            var bareRound = done / Stopwatch.GetElapsedTime(started).TotalSeconds;
            var (routedRound, batchRound) = await Drive(router, frames, round);
            context.Log($"round {r + 1}: bare {bareRound:0.0} frames/s, router {routedRound:0.0} frames/s (mean batch {batchRound:0.0})");
            ratios.Add(routedRound / bareRound);
            bare = Math.Max(bare, bareRound);
            if (routedRound > routed) (routed, meanBatch) = (routedRound, batchRound);
        }
        await system.Terminate();
        return
        [
            new BenchmarkResult("coco-bare-fps", bare, "frames/s"),
            new BenchmarkResult("coco-router-fps", routed, "frames/s", Baseline: bare),
            new BenchmarkResult("coco-router-vs-bare", InferenceBench.Percentile(ratios, 50), "ratio", Baseline: 0.95, Note: "median of per-round ratios"),
            new BenchmarkResult("coco-router-mean-batch", meanBatch, "frames"),
        ];
    }

    private static async Task<(double Fps, double MeanBatch)> Drive(IActorRef router, VideoFrame[] frames, TimeSpan duration)
    {
        var started = Stopwatch.GetTimestamp();
        long done = 0, batchSum = 0;
        var lanes = Enumerable.Range(0, InFlight).Select(async lane =>
        {
            long id = lane;
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                var result = await InferenceBench.Detect(router, "coco", frames[(int)(id % frames.Length)], RequestPriority.Job, id += InFlight);
                Interlocked.Increment(ref done);
                Interlocked.Add(ref batchSum, result.BatchSize);
            }
        });
        await Task.WhenAll(lanes);
        return (done / Stopwatch.GetElapsedTime(started).TotalSeconds, (double)batchSum / Math.Max(1, done));
    }
}
