using System.Collections.Immutable;
using ActorVision.Core.Events;

namespace ActorVision.Domain.Cameras;

/// <summary>What a camera is doing now. Rates and latencies come from its running pipeline; totals and counters are persisted.</summary>
public sealed record CameraStatus
{
    public CameraRunState State { get; init; } = CameraRunState.Stopped;
    /// <summary>Why the camera is Failed or Reconnecting, in words an operator can act on.</summary>
    public string? Reason { get; init; }
    /// <summary>When a Failed live camera tries again; null when no attempt is planned.</summary>
    public DateTime? NextAttempt { get; init; }
    /// <summary>Cluster address of the node running the camera.</summary>
    public string Node { get; init; } = "";
    public DateTime Since { get; init; }
    public PipelineStatistics Statistics { get; init; } = PipelineStatistics.Empty;
    public long EventsTotal { get; init; }
    public AnalyticsEvent? LastEvent { get; init; }
    /// <summary>Running counts kept across restarts, e.g. <c>door.in</c> and <c>door.out</c> of a line-crossing rule.</summary>
    public ImmutableSortedDictionary<string, long> Counters { get; init; } = ImmutableSortedDictionary<string, long>.Empty;
}
