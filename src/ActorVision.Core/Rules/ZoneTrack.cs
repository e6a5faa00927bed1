namespace ActorVision.Core.Rules;

/// <summary>A zone rule's memory of one track: whether its anchor is inside, and since when.</summary>
public readonly record struct ZoneTrack(long TrackId, bool Inside, TimeSpan EnteredAt) : ITrackMemory;
