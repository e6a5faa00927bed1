using Akka.Configuration;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Cameras.Client;
using ActorVision.Cluster.CameraFile;
using ActorVision.Cluster.Devices;
using ActorVision.Delivery.EventIndex;

namespace ActorVision.Cluster.Hosting;

/// <summary>Everything the control plane reads from configuration (<c>actorvision.camera-client</c>, <c>camera-file</c>, <c>event-index</c>, <c>console-events</c>).</summary>
public sealed record ControlPlaneSetup(
    ActorVisionSettings Settings,
    ModelCatalog Catalog,
    CameraClientSettings CameraClient,
    CameraFileSettings CameraFile,
    CameraFileContext CameraFileContext,
    EventIndexSettings EventIndex,
    bool ConsoleEvents)
{
    /// <param name="contentRoot">Where relative paths start (the folder holding the configuration folder).</param>
    /// <param name="cameraFile">A camera file that replaces the configured one (the node's --demo); null: as configured.</param>
    public static ControlPlaneSetup FromConfig(Config config, ActorVisionSettings settings, ModelCatalog catalog, string contentRoot, string? cameraFile = null)
    {
        var av = config.GetConfig("actorvision") ?? Config.Empty;
        var fileSettings = CameraFileSettings.FromConfig(av.GetConfig("camera-file") ?? Config.Empty, contentRoot);
        if (cameraFile is not null) fileSettings = fileSettings with { Path = Path.GetFullPath(cameraFile, contentRoot) };
        return new ControlPlaneSetup(
            settings,
            catalog,
            CameraClientSettings.FromConfig(av.GetConfig("camera-client") ?? Config.Empty),
            fileSettings,
            new CameraFileContext(catalog.ClassNamesByModel(), settings.Cameras.DefaultAnalysisFps, contentRoot, settings.Sources.Policy, settings.Node.Outputs),
            EventIndexSettings.FromConfig(av.GetConfig("event-index") ?? Config.Empty),
            av.GetBoolean("console-events", false));
    }
}
