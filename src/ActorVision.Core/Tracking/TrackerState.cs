namespace ActorVision.Core.Tracking;

/// <summary>
/// A tracker captured between two frames (<see cref="ByteTracker.Capture"/>), serialisable as plain data so a
/// job can checkpoint on one node and resume on another with the same tracks, ids and filter states.
/// </summary>
/// <param name="NextId">The id the next confirmed track gets; ids below it were used and are never given again.</param>
/// <param name="LastTime">Stream time of the last frame, from which the next frame's time step is measured.</param>
/// <param name="Tracks">Tentative, confirmed and lost tracks in the tracker's internal order (it decides ties).</param>
public sealed record TrackerState(
    TrackerOptions Options,
    long NextId,
    TimeSpan? LastTime,
    IReadOnlyList<TrackSnapshot> Tracks);
