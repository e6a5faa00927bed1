namespace ActorVision.Common.Telemetry;

/// <summary>
/// The name of the one meter every ActorVision instrument is on. Each project creates its own
/// <see cref="System.Diagnostics.Metrics.Meter"/> under this name (the engine's cameras and devices, delivery's sinks);
/// the node exports them together by subscribing to the name.
/// </summary>
public static class ActorVisionMeter
{
    public const string Name = "ActorVision";
}
