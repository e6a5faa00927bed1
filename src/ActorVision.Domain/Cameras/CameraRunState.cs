namespace ActorVision.Domain.Cameras;

public enum CameraRunState
{
    Stopped,
    /// <summary>Asked to run; the source is opening for the first time.</summary>
    Starting,
    Running,
    /// <summary>The source failed; retrying with backoff. Tracker, rules and outputs survive.</summary>
    Reconnecting,
    /// <summary>
    /// The pipeline stopped on an error; the reason says what. A live camera tries again with backoff (the status
    /// says when); a file camera stays Failed until it is changed or started again.
    /// </summary>
    Failed,
    /// <summary>A file-mode camera reached the end of its file.</summary>
    Completed,
}
