using ActorVision.Core.Events;
using ActorVision.Core.Rules;
using ActorVision.Domain.Cameras;

namespace ActorVision.Cluster.Cameras.Pipeline;

// Messages between a camera entity and the pipeline child that runs its stream graph (always on the same node).

/// <summary>Entity to pipeline: swap the rule set; the decoder, tracker and outputs keep running.</summary>
public sealed record ApplyRules(IReadOnlyList<RuleSpec> Rules);

/// <summary>Pipeline to entity: the run state changed (source connected, lost, file ended, unrecoverable failure).</summary>
public sealed record PipelineStateChanged(CameraRunState State, string? Reason);

/// <summary>Pipeline to entity, every status interval.</summary>
public sealed record PipelineStatisticsReported(PipelineStatistics Statistics);

/// <summary>
/// Pipeline to entity: persist these events; answered (to the sender, the recording stage's actor) with
/// <see cref="AnalyticsEventsRecorded"/> carrying the same correlation id once they are durable.
/// </summary>
public sealed record RecordAnalyticsEvents(IReadOnlyList<AnalyticsEvent> Events, long CorrelationId = 0);

public sealed record AnalyticsEventsRecorded(int Count, long CorrelationId = 0);
