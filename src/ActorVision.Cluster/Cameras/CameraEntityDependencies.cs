using System.Collections.Immutable;
using Akka.Actor;
using ActorVision.Cluster.Entities;
using ActorVision.Core.Cameras;
using ActorVision.Domain.Cameras;

namespace ActorVision.Cluster.Cameras;

/// <summary>What a camera entity needs from its node, handed in by the shard region's entity factory.</summary>
/// <param name="CommandContext">The model catalog and clock used to decide commands.</param>
/// <param name="PipelineProps">Props of the pipeline that runs a spec, seeded with the camera's persisted counters.</param>
/// <param name="Journal">Snapshots (and what they may delete).</param>
/// <param name="Restarts">How a failed live camera tries again.</param>
/// <param name="Count">The cameras this node holds, which each entity joins while its camera exists.</param>
public sealed record CameraEntityDependencies(
    Func<CameraCommandContext> CommandContext,
    Func<CameraSpec, ImmutableSortedDictionary<string, long>, Props> PipelineProps,
    EntityJournalSettings Journal,
    PipelineRestartPolicy Restarts,
    NodeCameraCount Count);
