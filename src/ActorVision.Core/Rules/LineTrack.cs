using ActorVision.Core.Geometry;

namespace ActorVision.Core.Rules;

/// <summary>
/// A line rule's memory of one track.
/// </summary>
/// <param name="Side">Side of the line the anchor was last clearly on (beyond the hysteresis): -1 left, +1 right, 0 not yet.</param>
/// <param name="RawSide">Side of the line itself the anchor was last on, however close.</param>
/// <param name="CrossedWithinSegment">Whether the anchor's last pass over the line went between A and B.</param>
/// <param name="LastAnchor">Anchor at the last observation, normalised.</param>
public readonly record struct LineTrack(long TrackId, int Side, int RawSide, bool CrossedWithinSegment, PointF LastAnchor) : ITrackMemory;
