namespace ActorVision.Core.Rules;

/// <summary>What a rule remembers about one track; the record is also what the rule's captured state lists.</summary>
internal interface ITrackMemory
{
    long TrackId { get; }
}
