namespace ActorVision.Core.Events;

/// <summary>The camera problems a camera-health rule watches for.</summary>
public enum CameraCondition
{
    Unspecified = 0,
    NoFrames = 1,
    Frozen = 2,
    Blackout = 3,
}
