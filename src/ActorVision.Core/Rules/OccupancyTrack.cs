namespace ActorVision.Core.Rules;

/// <summary>An occupancy rule's memory of one track: whether it was last seen inside.</summary>
public readonly record struct OccupancyTrack(long TrackId, bool Inside) : ITrackMemory;
