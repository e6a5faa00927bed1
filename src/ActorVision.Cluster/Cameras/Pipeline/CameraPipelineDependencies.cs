using ActorVision.Cluster.Devices;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>What every camera pipeline of a node shares: the model catalog, the local device routers, settings, where outputs go.</summary>
public sealed record CameraPipelineDependencies(
    ModelCatalog Catalog,
    LocalDevices Devices,
    CameraRuntimeSettings Settings,
    string DataFolder)
{
    /// <summary>Where a camera's event snapshots are written: <c>{data}/snapshots/{camera}/{event id}.jpg</c>.</summary>
    public string SnapshotFolder(string cameraId) => Path.Combine(DataFolder, "snapshots", cameraId);
}
