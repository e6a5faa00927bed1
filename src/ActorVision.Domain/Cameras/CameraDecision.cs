using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Domain.Cameras;

/// <summary>What <see cref="CameraState.Decide"/> concluded: the events to persist (maybe none), or why not.</summary>
public sealed record CameraDecision(IReadOnlyList<ICameraEvent> Events, CameraRejected? Rejection)
{
    public static CameraDecision Accept(params ICameraEvent[] events) => new(events, null);

    public static CameraDecision Reject(CameraRejected rejection) => new([], rejection);

    public bool IsRejected => Rejection is not null;
}
