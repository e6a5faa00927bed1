using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Cluster.Cameras.Client;

/// <summary>The camera answered and refused: nothing changed. <see cref="Rejection"/> says why.</summary>
public sealed class CameraRejectedException(CameraRejected rejection) : Exception(rejection.Reason)
{
    public CameraRejected Rejection { get; } = rejection;
}
