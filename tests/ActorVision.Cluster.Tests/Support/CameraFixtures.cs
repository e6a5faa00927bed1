using Akka.Actor;
using Akka.Configuration;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Entities;
using ActorVision.Common.Resilience;
using ActorVision.Core.Cameras;
using ActorVision.Core.Confinement;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Domain.Cameras;
using ActorVision.Tests;

namespace ActorVision.Cluster.Tests.Support;

/// <summary>What the camera actors of a test node share: the shipped model catalog, media under media/, outputs in a scratch folder.</summary>
public sealed class CameraFixtures : IDisposable
{
    public CameraFixtures()
    {
        DataFolder = Directory.CreateTempSubdirectory("av-cluster-tests-").FullName;
        Sources = new SourcePolicy([TestAssets.Media, DataFolder], SourcePolicy.DefaultSchemes);
        Outputs = new OutputPolicy(DataFolder);
    }

    /// <summary>hocon/models.conf as shipped.</summary>
    public static ModelCatalog Catalog { get; } = ModelCatalog.FromConfig(
        ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "hocon", "models.conf"))), TestAssets.RepoRoot);

    public string DataFolder { get; }
    public SourcePolicy Sources { get; }
    public OutputPolicy Outputs { get; }

    /// <summary>Status every 200 ms, restarts after 200 ms doubling to 400 ms without spread (so a test knows the waits).</summary>
    public static CameraRuntimeSettings Settings { get; } = CameraRuntimeSettings.FromConfig(ConfigurationFactory.ParseString("""
        status-interval = 200ms
        reconnect-min-backoff = 100ms
        reconnect-max-backoff = 200ms
        open-timeout = 3s
        read-timeout = 2s
        restart-min-backoff = 200ms
        restart-max-backoff = 400ms
        restart-random-factor = 0
        restart-reset-after = 1m
        """));

    /// <param name="devices">The node's <see cref="NodeDevices"/> (or a probe answering for it).</param>
    public CameraPipelineDependencies Pipelines(IActorRef devices) => new(Catalog, devices, Settings, Sources, Outputs);

    public CameraEntityDependencies Entities(IActorRef devices, int snapshotEvery = 100, bool deleteCoveredEvents = false)
    {
        var pipelines = Pipelines(devices);
        var count = new NodeCameraCount();
        return new CameraEntityDependencies(
            () => new CameraCommandContext(Catalog.ClassNamesByModel(), Sources, Outputs, DateTime.UtcNow,
                Settings.Limits, count.Current, Settings.MaxCamerasPerNode),
            (spec, counters) => CameraPipeline.Props(spec, counters, pipelines),
            new EntityJournalSettings(snapshotEvery, deleteCoveredEvents),
            Settings.Restarts,
            count);
    }

    /// <summary>A file camera on the scripted crossing clip (a white box crossing left to right every 5 s, 30 s): motion and a middle line.</summary>
    public static CameraSpec Crossing(string id, SourceMode mode = SourceMode.File) => new()
    {
        Id = id,
        SourceUrl = TestAssets.ScriptedCrossing,
        Mode = mode,
        Models = ["motion"],
        AnalysisFps = 5,
        Rules = [new LineCrossingRuleSpec { Id = "middle", Name = "Middle line", A = new PointF(0.5f, 0.05f), B = new PointF(0.5f, 0.95f) }],
    };

    /// <summary>A file in the data folder that is not a video.</summary>
    public string NotAVideo()
    {
        var path = Path.Combine(DataFolder, "not-a-video.mp4");
        File.WriteAllText(path, "this is text, not video\n");
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // An encoder may still be closing a file; the OS cleans the temp folder.
        }
    }
}
