using ActorVision.Core.Geometry;

namespace ActorVision.Core.Rules;

/// <summary>A stationary-object rule's memory of one track: where it stopped, since when, and whether that was reported.</summary>
public readonly record struct StationaryTrack(long TrackId, PointF Reference, TimeSpan Since, bool Reported) : ITrackMemory;
