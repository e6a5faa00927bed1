namespace ActorVision.Cluster.Cameras.Pipeline;

// Between a camera pipeline and its node's CameraStartPacer (one node, never on the wire).

/// <summary>Pipeline to pacer: may I open my source? Answered with <see cref="CameraStartPermitted"/> when it is this pipeline's turn.</summary>
public sealed record RequestCameraStart
{
    public static RequestCameraStart Instance { get; } = new();
}

public sealed record CameraStartPermitted
{
    public static CameraStartPermitted Instance { get; } = new();
}

/// <summary>Pipeline to pacer: my source is open, or I failed; the next camera may start.</summary>
public sealed record CameraStartDone
{
    public static CameraStartDone Instance { get; } = new();
}
