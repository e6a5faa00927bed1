using Akka.Configuration;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Capacity;
using ActorVision.Cluster.Storage;
using ActorVision.Persistence;

namespace ActorVision.Cluster.Hosting;

/// <summary>
/// Everything an operator tunes about the engine, read from the <c>actorvision</c> section of the HOCON files
/// in <c>hocon/</c>. Akka's own settings (SBR, sharding timeouts) stay in the <c>akka</c> section and are
/// passed to Akka unchanged.
/// </summary>
public sealed record ActorVisionSettings(
    NodeSettings Node,
    PersistenceSettings Persistence,
    ShardingSettings Sharding,
    CameraRuntimeSettings Cameras,
    SourceSettings Sources,
    StorageSettings Storage,
    CapacityOptions Capacity)
{
    /// <param name="root">All loaded HOCON.</param>
    /// <param name="contentRoot">Where relative media roots start (the folder holding the configuration folder); null: the working directory.</param>
    public static ActorVisionSettings FromConfig(Config root, string? contentRoot = null)
    {
        var av = root.GetConfig("actorvision") ?? throw new ConfigurationException("the 'actorvision' configuration section is missing");
        var node = NodeSettings.FromConfig(av.GetConfig("node") ?? Config.Empty);
        var cameras = CameraRuntimeSettings.FromConfig(av.GetConfig("cameras") ?? Config.Empty);
        return new ActorVisionSettings(
            node,
            PersistenceSettings.FromConfig(av.GetConfig("persistence") ?? Config.Empty, node.DataFolder),
            ShardingSettings.FromConfig(av.GetConfig("sharding") ?? Config.Empty),
            cameras,
            SourceSettings.FromConfig(av.GetConfig("sources") ?? Config.Empty, contentRoot ?? Directory.GetCurrentDirectory()),
            StorageSettings.FromConfig(av.GetConfig("storage") ?? Config.Empty),
            CapacityOptions.FromConfig(av.GetConfig("capacity") ?? Config.Empty, cameras.DefaultAnalysisWidth));
    }
}
