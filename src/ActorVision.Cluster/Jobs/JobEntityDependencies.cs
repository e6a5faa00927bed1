using Akka.Actor;
using ActorVision.Cluster.Entities;
using ActorVision.Cluster.Jobs.Running;

namespace ActorVision.Cluster.Jobs;

/// <summary>What a job entity needs from its node, handed in by the shard region's entity factory.</summary>
/// <param name="Scheduler">This node's <see cref="Scheduling.JobScheduler"/>.</param>
/// <param name="Runner">What runs an attempt on this node.</param>
/// <param name="Settings">Attempts, backoff, passivation.</param>
/// <param name="Journal">Snapshots (and what they may delete).</param>
public sealed record JobEntityDependencies(
    IActorRef Scheduler,
    JobRunnerDependencies Runner,
    JobSettings Settings,
    EntityJournalSettings Journal);
