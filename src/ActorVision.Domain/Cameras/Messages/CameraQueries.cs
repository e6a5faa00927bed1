namespace ActorVision.Domain.Cameras.Messages;

/// <summary>Spec and live status of one camera.</summary>
public sealed record GetCamera(string CameraId) : ICameraQuery;
