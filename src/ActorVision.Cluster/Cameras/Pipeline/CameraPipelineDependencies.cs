using Akka.Actor;
using ActorVision.Cluster.Devices;
using ActorVision.Core.Confinement;
using ActorVision.Core.Imaging;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>What every camera pipeline of a node shares: the model catalog, the node's devices, settings, what sources
/// may be read and where outputs may go, the node's <see cref="CameraStartPacer"/> (null: start at once) and its frame
/// pools (null: each camera has its own).</summary>
/// <param name="Devices">This node's <see cref="NodeDevices"/>, asked for the routers when a pipeline starts.</param>
public sealed record CameraPipelineDependencies(
    ModelCatalog Catalog,
    IActorRef Devices,
    CameraRuntimeSettings Settings,
    SourcePolicy Sources,
    OutputPolicy Outputs,
    IActorRef? StartPacer = null,
    FramePools? Frames = null);
