using System.Diagnostics;
using ActorVision.Benchmarks.Harness;
using ActorVision.Cluster.Devices;
using ActorVision.Inference.Detectors;

namespace ActorVision.Benchmarks.Inference;

/// <summary>
/// What the router adds to one request, with a near-trivial model: sequential requests (one in flight, max-batch 1,
/// max-delay 0) round-tripped through Ask, minus a bare Detect call on the same frame and model.
/// </summary>
public sealed class RouterOverheadBenchmark : IBenchmark
{
    public string Name => "inference-router-overhead";
    public string Group => InferenceBench.Group;
    public string Description => "microseconds the router adds per request (trivial model, one request in flight)";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var duration = context.Scaled(TimeSpan.FromSeconds(4));
        var spec = InferenceBench.Trivial();
        using var frame = Tests.TestImages.Solid(64, 48, 100, 100, 100);

        double bareMicros;
        using (var detector = DetectorFactory.Create(spec))
        {
            var results = new DetectionBatch();
            for (var i = 0; i < 1000; i++) detector.Detect([frame], results);
            var start = Stopwatch.GetTimestamp();
            long n = 0;
            while (Stopwatch.GetElapsedTime(start) < duration)
            {
                detector.Detect([frame], results);
                n++;
            }
            bareMicros = Stopwatch.GetElapsedTime(start).TotalMicroseconds / n;
        }

        using var system = InferenceBench.StartSystem("overhead");
        var router = await InferenceBench.StartRouter(system, spec, InferenceBench.Router(1, TimeSpan.Zero, workers: 1));
        for (var i = 0; i < 2000; i++) await InferenceBench.Detect(router, "trivial", frame, RequestPriority.Live, i);
        var latencies = new List<double>(200_000);
        var begin = Stopwatch.GetTimestamp();
        long id = 0;
        while (Stopwatch.GetElapsedTime(begin) < duration)
        {
            var t = Stopwatch.GetTimestamp();
            await InferenceBench.Detect(router, "trivial", frame, RequestPriority.Live, id++);
            latencies.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
        }
        var routedMicros = Stopwatch.GetElapsedTime(begin).TotalMicroseconds / id;
        var p50 = InferenceBench.Percentile(latencies, 50);
        await system.Terminate();
        context.Log($"bare detect {bareMicros:0.0} us, routed round trip {routedMicros:0.0} us (p50 {p50:0.0} us)");

        return
        [
            new BenchmarkResult("bare-detect", bareMicros, "us", HigherIsBetter: false),
            new BenchmarkResult("routed-round-trip", routedMicros, "us", HigherIsBetter: false),
            new BenchmarkResult("router-overhead", routedMicros - bareMicros, "us", HigherIsBetter: false),
            new BenchmarkResult("router-overhead-p50", p50 - bareMicros, "us", HigherIsBetter: false),
        ];
    }
}
