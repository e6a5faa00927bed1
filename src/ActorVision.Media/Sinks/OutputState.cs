namespace ActorVision.Media.Sinks;

public enum OutputState
{
    /// <summary>Receiving packets.</summary>
    Running,
    /// <summary>Failed; the next attempt comes after a backoff delay. Other outputs are unaffected.</summary>
    Reconnecting,
    /// <summary>Failed for good (a file output).</summary>
    Failed,
    /// <summary>Completed or disposed.</summary>
    Closed,
}
