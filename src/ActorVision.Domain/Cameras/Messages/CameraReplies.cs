using ActorVision.Core.Cameras;
using ActorVision.Core.Validation;

namespace ActorVision.Domain.Cameras.Messages;

/// <summary>What a camera entity answers a command or query with; crosses between nodes.</summary>
public interface ICameraReply;

/// <summary>A camera as the API shows it: what it should do and what it is doing.</summary>
public sealed record CameraView(CameraSpec Spec, CameraOwner Owner, CameraStatus Status) : ICameraReply;

/// <summary>The command was applied (persisted); the camera as it is now.</summary>
public sealed record CameraAccepted(CameraView Camera) : ICameraReply;

public enum RejectionKind
{
    NotFound,
    Invalid,
    AlreadyExists,
    /// <summary>The camera is managed through another door (API versus camera file).</summary>
    ManagedElsewhere,
    /// <summary>The camera's node holds as many cameras as it may.</summary>
    ResourceExhausted,
}

/// <summary>The command changed nothing, and why.</summary>
public sealed record CameraRejected(string CameraId, RejectionKind Kind, string Reason, IReadOnlyList<FieldError> Errors) : ICameraReply
{
    public static CameraRejected NotFound(string cameraId) =>
        new(cameraId, RejectionKind.NotFound, $"camera '{cameraId}' does not exist", []);

    public static CameraRejected Invalid(string cameraId, IReadOnlyList<FieldError> errors) =>
        new(cameraId, RejectionKind.Invalid, $"camera '{cameraId}' is invalid: {string.Join("; ", errors)}", errors);
}
