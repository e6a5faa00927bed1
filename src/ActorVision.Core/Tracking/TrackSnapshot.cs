using ActorVision.Core.Geometry;

namespace ActorVision.Core.Tracking;

/// <summary>Everything a live track needs to continue after a restore, as plain data.</summary>
public sealed record TrackSnapshot(
    long Id,
    string Label,
    int ClassId,
    TrackState State,
    int Hits,
    float Score,
    BoxF DetectionBox,
    TimeSpan FirstSeen,
    TimeSpan LastSeen,
    KalmanAxisState CenterX,
    KalmanAxisState CenterY,
    KalmanAxisState Width,
    KalmanAxisState Height);
