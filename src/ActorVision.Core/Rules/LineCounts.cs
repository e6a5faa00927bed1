namespace ActorVision.Core.Rules;

/// <summary>Running crossing counts of a line rule.</summary>
public readonly record struct LineCounts(long In, long Out);
