using System.Diagnostics;
using ActorVision.Benchmarks.Harness;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Telemetry;
using ActorVision.Common.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ActorVision.Benchmarks.Observability;

/// <summary>
/// What a camera's OpenTelemetry instruments cost per frame with the real SDK listening (as on a node that serves
/// /metrics): the counter increments and histogram records one analysed frame makes (frame in, decode time, inference
/// time, analysed, analysis latency, encoded), for 100 cameras in turn, in nanoseconds and bytes allocated per frame.
/// </summary>
public sealed class CameraMetricsBenchmark : IBenchmark
{
    private const int Cameras = 100;
    private const double TargetNanoseconds = 1000;

    public string Name => "camera-metrics";
    public string Group => "pipeline";
    public string Description => "per-frame cost of the camera instruments (6 updates per analysed frame, 100 cameras) with the OpenTelemetry SDK collecting; target under 1 us and 0 bytes";

    public Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var exporter = new CountingExporter();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(ActorVisionMetrics.MeterName)
            .AddReader(new PeriodicExportingMetricReader(exporter, exportIntervalMilliseconds: 1000))
            .Build();
        using var meter = ActorVisionMeter.Create(factory: null);
        var metrics = new ActorVisionMetrics(meter);
        var cameras = Enumerable.Range(0, Cameras).Select(i => new PipelineCounters($"bench-camera-{i:000}", metrics)).ToArray();
        var decode = TimeSpan.FromMilliseconds(3.2);
        var inference = TimeSpan.FromMilliseconds(11);
        var latency = TimeSpan.FromMilliseconds(45);

        void Frames(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var camera = cameras[i % Cameras];
                camera.FrameIn();
                camera.RecordDecode(decode);
                camera.RecordInference(inference);
                camera.FrameAnalysed();
                camera.RecordAnalysisLatency(latency);
                camera.FrameEncoded();
            }
        }

        Frames(200_000); // warm-up: JIT, the SDK's series for every camera
        var frames = (int)Math.Max(100_000, 2_000_000 * context.DurationScale);
        var best = double.MaxValue;
        var allocated = long.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            Frames(frames);
            var elapsed = Stopwatch.GetElapsedTime(started);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - bytes);
            best = Math.Min(best, elapsed.TotalNanoseconds / frames);
        }
        provider.ForceFlush();
        context.Log($"{frames:N0} frames over {Cameras} cameras: {best:0} ns and {(double)allocated / frames:0.###} bytes per frame; {exporter.Exports} exports seen");
        IReadOnlyList<BenchmarkResult> results =
        [
            new BenchmarkResult("camera-metrics-ns-per-frame", best, "ns", TargetNanoseconds, HigherIsBetter: false),
            new BenchmarkResult("camera-metrics-bytes-per-frame", (double)allocated / frames, "bytes", HigherIsBetter: false),
        ];
        return Task.FromResult(results);
    }

    /// <summary>Receives the SDK's periodic collections, so the benchmark runs with real aggregation and export.</summary>
    private sealed class CountingExporter : BaseExporter<Metric>
    {
        public int Exports { get; private set; }

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var _ in batch) Exports++;
            return ExportResult.Success;
        }
    }
}
