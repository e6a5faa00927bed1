using Akka.Actor;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Cluster.Cameras.Messages;

/// <summary>
/// Viewer to camera (through the region, from any node): send annotated JPEGs of the running camera to
/// <paramref name="Viewer"/>, at most <paramref name="MaxFps"/> per second, for the next <paramref name="Lease"/>.
/// Viewers renew before the lease ends; a pipeline that restarts or moves picks them up again at the next renewal.
/// Not answered; nothing happens while the camera does not run.
/// </summary>
public sealed record WatchLiveView(string CameraId, IActorRef Viewer, double MaxFps, TimeSpan Lease) : IWithCameraId;
