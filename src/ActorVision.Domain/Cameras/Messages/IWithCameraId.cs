namespace ActorVision.Domain.Cameras.Messages;

/// <summary>Every message routed to a camera entity names it; one extractor routes the whole protocol.</summary>
public interface IWithCameraId
{
    string CameraId { get; }
}

/// <summary>Changes a camera; answered with <see cref="CameraAccepted"/> or <see cref="CameraRejected"/>.</summary>
public interface ICameraCommand : IWithCameraId;

/// <summary>Reads a camera; answered with <see cref="CameraView"/> or <see cref="CameraRejected"/> (not found).</summary>
public interface ICameraQuery : IWithCameraId;
