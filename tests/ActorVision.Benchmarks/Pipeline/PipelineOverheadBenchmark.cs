using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.InteropServices;
using ActorVision.Benchmarks.Harness;
using ActorVision.Benchmarks.Inference;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Telemetry;
using ActorVision.Core.Cameras;
using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;
using ActorVision.Core.Imaging;
using ActorVision.Core.Rules;
using ActorVision.Inference.Detectors;
using ActorVision.Inference.Models;
using ActorVision.Inference.Motion;
using ActorVision.Media;
using ActorVision.Tests;
using Akka.Actor;
using Akka.Configuration;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorVision.Benchmarks.Pipeline;

/// <summary>
/// What the camera framework costs per analysed frame on top of the work itself, judged in one process by alternating
/// rounds: the same decoded frames (the pedestrian video at 640 px, decoded once, held in memory) go through
/// <list type="bullet">
/// <item>the bare work on one thread: the camera's <see cref="FrameAnalyser"/> (motion, tracker, a line rule) and, for the
/// model workload, the trivial model's <c>Detect</c> called directly;</item>
/// <item>the camera's real stream graph (<see cref="CameraGraph"/>, file mode so every frame is analysed): the decode
/// island, the hop to the analysis island, <see cref="FrameAnalysisStage"/> (and for the model workload a
/// <see cref="DeviceRouter"/> with one worker, asked through the stage's actor), <see cref="EventRecordStage"/>
/// handing events to an entity.</item>
/// </list>
/// Process CPU time and managed bytes allocated (all threads) per frame of each round, in steady state: each round
/// runs a short and a long pass over the frames and keeps the difference, so what is paid once per run (building the
/// analyser, materialising the graph) drops out. The framework's cost is the median of the graph's rounds minus the
/// median of the bare rounds. Decoding is outside both, and so is its noise.
/// </summary>
public sealed class PipelineOverheadBenchmark : IBenchmark
{
    private const double TargetMicroseconds = 100;

    public string Name => "pipeline-overhead";
    public string Group => "pipeline";
    public string Description => "framework CPU and bytes per analysed frame beyond the work itself (alternating rounds, medians): motion, and a trivial model through the device router";

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var frames = Decode(200);
        var rounds = Math.Max(3, (int)Math.Round(7 * Math.Min(1, context.DurationScale)));
        const int shortPasses = 1, longPasses = 4;
        var trivial = InferenceBench.Trivial();
        var catalog = new ModelCatalog(new Dictionary<string, ModelSpec> { ["trivial"] = trivial },
            new Dictionary<string, MotionSettings> { ["motion"] = new() });

        using var system = ActorSystem.Create("pipeline-overhead", ConfigurationFactory.ParseString("akka.loglevel = WARNING")
            .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(context.RepoRoot, "hocon", "actorvision.conf"))))
            .WithFallback(InferenceSettings.DefaultConfig));
        var router = await InferenceBench.StartRouter(system, trivial, InferenceBench.Router(8, TimeSpan.Zero, workers: 1));
        var entity = system.ActorOf(Props.Create(() => new ConfirmingEntity()), "entity");
        var devices = new LocalDevices([new LocalDevice("cpu", router)]);
        using var detector = DetectorFactory.Create(trivial);

        var results = new List<BenchmarkResult>();
        foreach (var workload in new[] { "motion", "trivial" })
        {
            var spec = Spec(workload);
            var bare = new List<Round>();
            var graph = new List<Round>();
            for (var round = 0; round <= rounds; round++)
            {
                // Round 0 of each side warms it up (JIT, pools, sessions) and is not kept.
                var b = SteadyState(passes => Bare(spec, catalog, devices, workload == "trivial" ? detector : null, frames, passes), shortPasses, longPasses);
                var g = SteadyState(passes => Graph(system, spec, catalog, devices, entity, frames, passes), shortPasses, longPasses);
                if (round == 0) continue;
                bare.Add(b);
                graph.Add(g);
                context.Log($"{workload} round {round}: bare {b.CpuMicros:0} us {b.Bytes:0} B, graph {g.CpuMicros:0} us {g.Bytes:0} B per frame");
            }
            var cost = Median(graph.Select(r => r.CpuMicros)) - Median(bare.Select(r => r.CpuMicros));
            var bytes = Median(graph.Select(r => r.Bytes)) - Median(bare.Select(r => r.Bytes));
            var spread = graph.Zip(bare, (g, b) => g.CpuMicros - b.CpuMicros).Order().ToArray();
            context.Log($"{workload}: work {Median(bare.Select(r => r.CpuMicros)):0} us, graph {Median(graph.Select(r => r.CpuMicros)):0} us per frame; " +
                        $"framework {cost:0} us (round pairs {spread[0]:0} to {spread[^1]:0} us), {bytes:0} B per frame");
            results.Add(new BenchmarkResult($"pipeline-framework-cpu-{workload}", cost, "us", TargetMicroseconds, HigherIsBetter: false));
            results.Add(new BenchmarkResult($"pipeline-framework-bytes-{workload}", bytes, "bytes", 0, HigherIsBetter: false));
            results.Add(new BenchmarkResult($"pipeline-work-cpu-{workload}", Median(bare.Select(r => r.CpuMicros)), "us", HigherIsBetter: false));
        }
        foreach (var frame in frames) frame.Release();
        await system.Terminate();
        return results;
    }

    private static CameraSpec Spec(string workload) => new()
    {
        Id = "overhead-" + workload,
        SourceUrl = TestAssets.Pedestrians,
        Mode = SourceMode.File,
        Models = workload == "motion" ? ["motion"] : ["trivial"],
        AnalysisFps = double.PositiveInfinity,
        Rules = [new LineCrossingRuleSpec { Id = "line", A = new PointF(0.5f, 0.9f), B = new PointF(0.5f, 0.1f) }],
    };

    /// <summary>The first <paramref name="count"/> frames of the pedestrian video at 640 px, each held by the caller.</summary>
    private static List<VideoFrame> Decode(int count)
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.Pedestrians) { OutputWidth = 640, FramePoolSize = count + 4 });
        var frames = new List<VideoFrame>(count);
        while (frames.Count < count && source.ReadFrame() is { } frame) frames.Add(frame);
        return frames;
    }

    private static FrameAnalyser Analyser(CameraSpec spec, ModelCatalog catalog, LocalDevices devices) =>
        new(spec, catalog, new DeviceChoice(devices, "auto"), RequestPriority.Job, ImmutableSortedDictionary<string, long>.Empty);

    private static int Bare(CameraSpec spec, ModelCatalog catalog, LocalDevices devices, IObjectDetector? detector, List<VideoFrame> frames, int passes)
    {
        using var analyser = Analyser(spec, catalog, devices);
        var detections = new List<Detection>();
        var batch = new DetectionBatch();
        var analysed = 0;
        for (var pass = 0; pass < passes; pass++)
        foreach (var frame in frames)
        {
            detections.Clear();
            if (analyser.DetectLocally(frame, detections) && detector is not null)
            {
                detector.Detect([frame], batch);
                detections.AddRange(batch.For(0));
            }
            analyser.Track(frame, CollectionsMarshal.AsSpan(detections));
            analysed++;
        }
        return analysed;
    }

    private static int Graph(ActorSystem system, CameraSpec spec, ModelCatalog catalog, LocalDevices devices, IActorRef entity, List<VideoFrame> frames, int passes)
    {
        using var analyser = Analyser(spec, catalog, devices);
        var counters = new PipelineCounters(spec.Id, ActorVisionMetrics.Get(system));
        var stages = new CameraGraphStages
        {
            Analyser = analyser,
            Counters = counters,
            Analysis = new FrameAnalysisOptions { Window = 2, Dropped = (_, reason) => throw new InvalidOperationException(reason) },
            Recording = new EventRecordOptions { Entity = entity, Counters = counters, Analyser = analyser },
        };
        var source = Source.From(Enumerable.Range(0, passes).SelectMany(_ => frames)).Select(frame => frame.Retain());
        var (_, completion) = CameraGraph.Create(spec, source, stages).Run(system.Materializer());
        completion.GetAwaiter().GetResult();
        return (int)counters.FramesAnalysed;
    }

    /// <summary>Per frame of the long run beyond the short one: what a run pays once cancels out.</summary>
    private static Round SteadyState(Func<int, int> run, int shortPasses, int longPasses)
    {
        var (shortCpu, shortBytes, shortFrames) = Measure(() => run(shortPasses));
        var (longCpu, longBytes, longFrames) = Measure(() => run(longPasses));
        var frames = longFrames - shortFrames;
        return new Round((longCpu - shortCpu) / frames, (double)(longBytes - shortBytes) / frames);
    }

    private static (double CpuMicros, long Bytes, int Frames) Measure(Func<int> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var frames = run();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - bytes;
        self.Refresh();
        return ((self.TotalProcessorTime - cpu).TotalMicroseconds, allocated, frames);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Round(double CpuMicros, double Bytes);

    /// <summary>Answers a camera's event hand-off as the camera entity does once persisted (the journal is not what is measured).</summary>
    private sealed class ConfirmingEntity : ReceiveActor
    {
        public ConfirmingEntity() =>
            Receive<RecordAnalyticsEvents>(m => Sender.Tell(new AnalyticsEventsRecorded(m.Events.Count, m.CorrelationId)));
    }
}
