using System.Diagnostics;
using ActorVision.Cluster.Devices;
using ActorVision.Core.Imaging;
using ActorVision.Inference.Models;
using ActorVision.Tests;
using Akka.Actor;
using Akka.Configuration;

namespace ActorVision.Benchmarks.Inference;

/// <summary>What the inference benchmarks share: the models, frames, an actor system with the shipped inference config, percentiles.</summary>
internal static class InferenceBench
{
    public const string Group = "inference";

    /// <summary>The shipped face-front entry of hocon/models.conf with the benchmark's threads and batch.</summary>
    public static ModelSpec FaceFront(int intraOpThreads, int maxBatch = 8) =>
        Catalog.Models["face-front"] with { IntraOpThreads = intraOpThreads, MaxBatch = maxBatch };

    /// <summary>A shipped entry of hocon/models.conf (coco, face-back...) with the benchmark's threads and batch.</summary>
    public static ModelSpec Shipped(string name, int intraOpThreads, int maxBatch = 8) =>
        Catalog.Models[name] with { IntraOpThreads = intraOpThreads, MaxBatch = maxBatch };

    private static ModelCatalog Catalog { get; } = ModelCatalog.FromConfig(
        ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "hocon", "models.conf"))), TestAssets.RepoRoot);

    /// <summary>A near-trivial model (global pooling and zeros out), so only the router's own cost is left to see.</summary>
    public static ModelSpec Trivial() => new()
    {
        Name = "trivial",
        FilePath = TestModels.Slow(inputSize: 8, width: 8, depth: 0),
        Kind = DetectorKind.YoloV8,
        InputWidth = 8,
        InputHeight = 8,
        ClassNames = ["nothing"],
        IntraOpThreads = 1,
        MaxBatch = 1,
    };

    /// <summary>The astronaut photograph scaled into a 640x480 camera-like frame (one face).</summary>
    public static VideoFrame CameraFrame()
    {
        using var photo = TestImages.Decode(TestAssets.Astronaut);
        var frame = TestImages.Solid(640, 480, 40, 40, 40);
        for (var y = 0; y < 480; y++) photo.Row(y + 16)[..(512 * 3)].CopyTo(frame.Row(y).Slice(64 * 3));
        return frame;
    }

    public static ActorSystem StartSystem(string name) =>
        ActorSystem.Create(name, ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(InferenceSettings.DefaultConfig));

    public static InferenceSettings Router(int maxBatch, TimeSpan maxDelay, int workers, int queueCapacity = 256) => new()
    {
        Devices = [ExecutionProvider.Cpu],
        MaxBatch = maxBatch,
        MaxDelay = maxDelay,
        WorkersPerModel = workers,
        QueueCapacity = queueCapacity,
    };

    public static async Task<IActorRef> StartRouter(ActorSystem system, ModelSpec model, InferenceSettings settings)
    {
        var router = system.ActorOf(DeviceRouter.Props(ExecutionProvider.Cpu, [model], settings), "router-" + model.Name);
        var ready = await router.Ask<DeviceReady>(WaitUntilReady.Instance, TimeSpan.FromMinutes(1));
        if (ready.Unavailable.Count > 0) throw new InvalidOperationException(string.Join("; ", ready.Unavailable.Values));
        return router;
    }

    /// <summary>One request through the router; throws unless it got detections back.</summary>
    public static async Task<DetectResult> Detect(IActorRef router, string model, VideoFrame frame, RequestPriority priority, long id)
    {
        var reply = await router.Ask<IDetectReply>(new DetectRequest(model, frame.Retain(), priority, id), TimeSpan.FromSeconds(30));
        return reply as DetectResult ?? throw new InvalidOperationException($"request {id}: {reply}");
    }

    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        var index = (int)Math.Ceiling(p / 100.0 * values.Count) - 1;
        return values[Math.Clamp(index, 0, values.Count - 1)];
    }

    public static double Milliseconds(long startTicks) => Stopwatch.GetElapsedTime(startTicks).TotalMilliseconds;
}
