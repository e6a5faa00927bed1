using ActorVision.Core.Events;

namespace ActorVision.Core.Rules;

/// <summary>When a rule last raised an event of a type for a track (track 0: the rule's camera-level events).</summary>
public readonly record struct CooldownEntry(long TrackId, AnalyticsEventType EventType, TimeSpan LastRaised);
