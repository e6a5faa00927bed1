namespace ActorVision.Domain.Cameras;

/// <summary>
/// Which door manages a camera. A camera created through the API is changed through the API; one declared in the
/// camera file is changed by editing the file. Neither door silently overwrites the other's cameras.
/// </summary>
public enum CameraOwner
{
    Api,
    File,
}
