using ActorVision.Core.Events;

namespace ActorVision.Domain.Analytics;

/// <summary>
/// A journal entry tagged <c>analytics</c> (by the journal's event taggers): an analytics event of a camera or of an
/// analysis job. Read sides (event API, webhooks) handle both through this one shape.
/// </summary>
public interface IAnalyticsRecord
{
    AnalyticsEvent Event { get; }

    /// <summary>The job that produced the event; null for a camera's event.</summary>
    string? JobId { get; }
}
