using ActorVision.Core.Cameras;
using ActorVision.Core.Rules;

namespace ActorVision.Domain.Cameras.Messages;

/// <summary>Creates a camera. Rejected when the id exists (use <see cref="UpdateCamera"/>) or the spec is invalid.</summary>
public sealed record RegisterCamera(CameraSpec Spec, CameraOwner Owner, bool Start) : ICameraCommand
{
    public string CameraId => Spec.Id;
}

/// <summary>Replaces a camera's spec; a running camera restarts its pipeline only when the source or decode settings changed.</summary>
public sealed record UpdateCamera(CameraSpec Spec, CameraOwner Owner) : ICameraCommand
{
    public string CameraId => Spec.Id;
}

/// <summary>Replaces the whole rule set; applied to a running pipeline without restarting the decoder.</summary>
public sealed record ReplaceRules(string CameraId, IReadOnlyList<RuleSpec> Rules, CameraOwner Owner) : ICameraCommand;

public sealed record StartCamera(string CameraId) : ICameraCommand;

public sealed record StopCamera(string CameraId) : ICameraCommand;

/// <summary>Stops and forgets the camera. Its analytics events stay queryable.</summary>
public sealed record RemoveCamera(string CameraId, CameraOwner Owner) : ICameraCommand;
