using Akka.Cluster.Hosting;
using Akka.Hosting;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Entities;
using ActorVision.Cluster.Jobs;
using ActorVision.Cluster.Jobs.Running;
using ActorVision.Cluster.Jobs.Scheduling;

namespace ActorVision.Cluster.Hosting;

/// <summary>The <c>job</c> shard region and the per-node job scheduler (a region proxy on nodes without the ingest role).</summary>
public static class JobHostingExtensions
{
    public static AkkaConfigurationBuilder AddJobs(
        this AkkaConfigurationBuilder builder,
        ActorVisionSettings settings,
        JobSettings jobs,
        ModelCatalog catalog)
    {
        var extractor = new JobMessageExtractor(settings.Sharding.NumberOfShards);
        if (!settings.Node.HasRole(ActorVisionRoles.Ingest))
        {
            builder.WithShardRegionProxy<JobRegion>(ActorVisionHostingExtensions.JobRegionName, ActorVisionRoles.Ingest, extractor);
            return builder;
        }

        // The scheduler starts before the region: remembered jobs ask it for a slot as soon as they recover.
        builder.WithActors((system, registry) =>
            registry.Register<JobScheduler>(system.ActorOf(JobScheduler.Props(jobs.MaxConcurrentPerNode, jobs.MaxQueuedPerNode), JobScheduler.Name)));
        builder.WithShardRegion<JobRegion>(
            ActorVisionHostingExtensions.JobRegionName,
            (_, registry, _) =>
            {
                var runner = new JobRunnerDependencies(catalog, registry.Get<NodeDevices>(), settings.Cameras, jobs, settings.Sources.Policy, settings.Node.Outputs);
                var dependencies = new JobEntityDependencies(registry.Get<JobScheduler>(), runner, jobs, new EntityJournalSettings(settings.Persistence.SnapshotEvery));
                return jobId => JobEntity.Props(jobId, dependencies);
            },
            extractor,
            // Finished jobs passivate themselves; queued and running ones resume wherever their shard goes.
            ActorVisionHostingExtensions.RememberedIngestEntities());
        return builder;
    }
}
