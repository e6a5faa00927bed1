using ActorVision.Cluster.Devices;
using ActorVision.Core.Imaging;
using ActorVision.Inference.Models;
using ActorVision.Tests;
using Akka.Configuration;

namespace ActorVision.Cluster.Tests.Devices;

/// <summary>Config, models and frames the router tests share.</summary>
internal static class RouterFixture
{
    /// <summary>Virtual time (timers fire only when a test advances the TestScheduler) plus the shipped inference defaults.</summary>
    public static Config Config { get; } = ConfigurationFactory.ParseString("""
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = WARNING
        """).WithFallback(InferenceSettings.DefaultConfig);

    /// <remarks>Hold-while-busy is off unless asked: "auto" follows measured run times, which a test cannot fix.</remarks>
    public static InferenceSettings Settings(int maxBatch = 8, TimeSpan? maxDelay = null, int queueCapacity = 32, int workers = 1,
        HoldWhileBusy hold = HoldWhileBusy.Off) => new()
    {
        Devices = [ExecutionProvider.Cpu],
        MaxBatch = maxBatch,
        MaxDelay = maxDelay ?? TimeSpan.FromMilliseconds(50),
        QueueCapacity = queueCapacity,
        WorkersPerModel = workers,
        HoldWhileBusy = hold,
    };

    /// <summary>hocon/models.conf as shipped.</summary>
    public static Config ShippedModelsConfig { get; } =
        ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "hocon", "models.conf")));

    public static ModelCatalog ShippedCatalog(string overrides = "") =>
        ModelCatalog.FromConfig(ConfigurationFactory.ParseString(overrides).WithFallback(ShippedModelsConfig), TestAssets.RepoRoot);

    /// <summary>The shipped face-front model, optionally from another file (the original fixed-batch one, a missing one).</summary>
    public static ModelSpec FaceFront(string? path = null)
    {
        var spec = ShippedCatalog().Models["face-front"];
        return path is null ? spec : spec with { FilePath = path };
    }

    /// <summary>A real model whose outputs are NaN for dark frames (mean below half) and one detection otherwise.</summary>
    public static ModelSpec Poisonable() => new()
    {
        Name = "poisonable",
        FilePath = TestModels.Constant("""
            {"input": {"name": "images", "shape": [3, 64, 64]}, "nan_when_dark": true,
             "outputs": [{"name": "output0", "shape": [1, 6], "values": [32, 32, 16, 16, 0.9, 0.9]}]}
            """),
        Kind = DetectorKind.YoloV5,
        InputWidth = 64,
        InputHeight = 64,
        ClassNames = ["thing"],
    };

    public static VideoFrame Bright() => TestImages.Solid(64, 64, 240, 240, 240);
    public static VideoFrame Dark() => TestImages.Solid(64, 64, 0, 0, 0);

    /// <summary>A request whose frame the caller retains for the router, as the protocol asks.</summary>
    public static DetectRequest Request(string model, VideoFrame frame, long id, RequestPriority priority = RequestPriority.Live) =>
        new(model, frame.Retain(), priority, id);
}
