namespace ActorVision.Domain.Cameras;

public enum CameraRunState
{
    Stopped,
    /// <summary>Asked to run; the source is opening for the first time.</summary>
    Starting,
    Running,
    /// <summary>The source failed; retrying with backoff. Tracker, rules and outputs survive.</summary>
    Reconnecting,
    /// <summary>Cannot run without a change (bad file, undecodable input): the reason says what.</summary>
    Failed,
    /// <summary>A file-mode camera reached the end of its file.</summary>
    Completed,
}
