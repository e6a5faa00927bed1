namespace ActorVision.Cluster.CameraFile;

/// <summary>Where the camera file watcher is with the file.</summary>
public enum CameraFileState
{
    /// <summary>Not read yet.</summary>
    Pending,
    /// <summary>The cluster matches the file's current content.</summary>
    Applied,
    /// <summary>The current content is invalid: nothing of it was applied, the cluster keeps the last valid file.</summary>
    Rejected,
    /// <summary>Some cameras could not be changed yet; the apply is retried at the next poll.</summary>
    Incomplete,
}

public static class CameraFileStates
{
    /// <summary>The word on the wire and in the API (<c>camera_file.proto</c>): pending, applied, rejected, incomplete.</summary>
    public static string ToWire(this CameraFileState state) => state switch
    {
        CameraFileState.Pending => "pending",
        CameraFileState.Applied => "applied",
        CameraFileState.Rejected => "rejected",
        CameraFileState.Incomplete => "incomplete",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
