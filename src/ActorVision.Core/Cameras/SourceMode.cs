namespace ActorVision.Core.Cameras;

/// <summary>How a camera treats a slow pipeline.</summary>
public enum SourceMode
{
    /// <summary>A live camera never builds latency: it keeps the newest frame, drops stale ones and counts them.</summary>
    Live,
    /// <summary>A recorded file never drops a frame: the decoder slows down to the pace of analysis.</summary>
    File,
}
