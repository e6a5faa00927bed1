namespace ActorVision.Core.Rules;

/// <summary>A loitering rule's memory of one track: inside since when, and whether loitering was reported.</summary>
public readonly record struct LoiteringTrack(long TrackId, bool Inside, TimeSpan InsideSince, bool Reported) : ITrackMemory;
