using Akka.Actor;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Cameras;
using ActorVision.Core.Confinement;

namespace ActorVision.Cluster.Jobs.Running;

/// <summary>What every job runner of a node shares: models, the node's devices, decode settings, job settings, and
/// what sources may be read and where outputs may go.</summary>
/// <param name="Devices">This node's <see cref="NodeDevices"/>, asked for the routers when a run starts.</param>
public sealed record JobRunnerDependencies(
    ModelCatalog Catalog,
    IActorRef Devices,
    CameraRuntimeSettings Decode,
    JobSettings Jobs,
    SourcePolicy Sources,
    OutputPolicy Outputs)
{
    /// <summary>Where a job's annotated video goes on this node: <c>{data}/jobs/{job}/annotated.mp4</c>.</summary>
    public string AnnotatedVideoPath(string jobId) => Path.Combine(Outputs.DataFolder, "jobs", jobId, "annotated.mp4");
}
