using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Cameras;

namespace ActorVision.Cluster.Jobs.Running;

/// <summary>What every job runner of a node shares: models, local device routers, decode settings, job settings, the data folder.</summary>
public sealed record JobRunnerDependencies(
    ModelCatalog Catalog,
    DeviceDirectory Devices,
    CameraRuntimeSettings Decode,
    JobSettings Jobs,
    string DataFolder)
{
    /// <summary>Where a job's annotated video goes on this node: <c>{data}/jobs/{job}/annotated.mp4</c>.</summary>
    public string AnnotatedVideoPath(string jobId) => Path.Combine(DataFolder, "jobs", jobId, "annotated.mp4");
}
