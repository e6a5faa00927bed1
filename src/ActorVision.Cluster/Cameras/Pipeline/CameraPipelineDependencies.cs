using ActorVision.Cluster.Devices;
using ActorVision.Core.Confinement;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>What every camera pipeline of a node shares: the model catalog, the local device routers, settings,
/// what sources may be read and where outputs may go, and the node's <see cref="CameraStartPacer"/> (null: start at once).</summary>
public sealed record CameraPipelineDependencies(
    ModelCatalog Catalog,
    LocalDevices Devices,
    CameraRuntimeSettings Settings,
    SourcePolicy Sources,
    OutputPolicy Outputs,
    Akka.Actor.IActorRef? StartPacer = null);
