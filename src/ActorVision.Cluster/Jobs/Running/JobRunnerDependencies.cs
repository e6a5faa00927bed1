using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Cameras;
using ActorVision.Core.Confinement;

namespace ActorVision.Cluster.Jobs.Running;

/// <summary>What every job runner of a node shares: models, local device routers, decode settings, job settings, and
/// what sources may be read and where outputs may go.</summary>
public sealed record JobRunnerDependencies(
    ModelCatalog Catalog,
    DeviceDirectory Devices,
    CameraRuntimeSettings Decode,
    JobSettings Jobs,
    SourcePolicy Sources,
    OutputPolicy Outputs)
{
    /// <summary>Where a job's annotated video goes on this node: <c>{data}/jobs/{job}/annotated.mp4</c>.</summary>
    public string AnnotatedVideoPath(string jobId) => Path.Combine(Outputs.DataFolder, "jobs", jobId, "annotated.mp4");
}
