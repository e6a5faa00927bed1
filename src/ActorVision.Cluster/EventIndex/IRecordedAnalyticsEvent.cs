using ActorVision.Core.Events;

namespace ActorVision.Cluster.EventIndex;

/// <summary>
/// A journal entry that records an analytics event and is tagged <c>analytics</c>: the event index reads every
/// such entry, whichever entity wrote it (a camera, or an analysis job, which sets <see cref="JobId"/>).
/// </summary>
public interface IRecordedAnalyticsEvent
{
    AnalyticsEvent Event { get; }

    /// <summary>The analysis job that produced the event; null for a live camera.</summary>
    string? JobId { get; }
}
