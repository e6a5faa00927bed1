namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>Why a frame due for analysis (or for the annotated output) was not used: the <c>reason</c> tag of the drop counter.</summary>
public enum FrameDropReason
{
    /// <summary>A newer frame arrived before the stage behind took this one (it was busy): live cameras stay live.</summary>
    Replaced,
    /// <summary>The device's live queue was full: the request was refused, or gave way to a newer frame or a camera served less.</summary>
    Refused,
    /// <summary>The model failed on it, or cannot run on this node.</summary>
    Failed,
    /// <summary>The device router did not answer in time.</summary>
    TimedOut,
    /// <summary>A live camera's decoding fell behind real time and skipped to the next keyframe (or decoded without
    /// output) to catch up: never decoded into a frame at all.</summary>
    Behind,
}

public static class FrameDropReasons
{
    /// <summary>The metric tag value.</summary>
    public static string Tag(this FrameDropReason reason) => reason switch
    {
        FrameDropReason.Replaced => "replaced",
        FrameDropReason.Refused => "refused",
        FrameDropReason.Failed => "failed",
        FrameDropReason.TimedOut => "timeout",
        FrameDropReason.Behind => "behind",
        _ => "other",
    };
}
