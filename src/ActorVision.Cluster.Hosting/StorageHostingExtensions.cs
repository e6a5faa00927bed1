using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Storage;
using ActorVision.Delivery;
using ActorVision.Delivery.EventIndex;
using ActorVision.Delivery.Retention;
using ActorVision.Domain.Storage;
using ActorVision.Persistence.Cameras;

namespace ActorVision.Cluster.Hosting;

/// <summary>
/// Disk space and retention (<c>actorvision.storage</c>): every node watches the free space of its data folder
/// (<see cref="DiskSpaceWatch"/>) and keeps its own files within their budgets; the oldest node also trims the shared
/// event index and camera journals (<see cref="RetentionSweeper"/>, in the ActorRegistry).
/// </summary>
public static class StorageHostingExtensions
{
    public static AkkaConfigurationBuilder AddStorage(this AkkaConfigurationBuilder builder, ActorVisionSettings settings, DeliverySettings delivery, Config config)
    {
        var storage = settings.Storage;
        var data = settings.Node.DataFolder;
        var index = new EventIndexStore(settings.Persistence);
        var steps = new List<IRetentionStep>
        {
            FileRetention.Snapshots(data, storage.Snapshots, storage.ActiveGrace),
            FileRetention.Recordings(data, storage.Recordings, storage.ActiveGrace),
            FileRetention.JobFolders(data, storage.Jobs, storage.ActiveGrace),
        };
        if (storage.EventIndexMaxAge is not null || storage.EventIndexMaxEvents is not null)
            steps.Add(new EventIndexRetention(index, storage.EventIndexMaxAge, storage.EventIndexMaxEvents));
        if (storage.JournalDeletesEvents)
        {
            // Every node loads the same delivery settings: the sinks configured here are the cluster's.
            var sinks = delivery.Sinks.Select(s => s.Name).ToArray();
            steps.Add(new JournalRetention(settings.Persistence, JournalTables.FromConfig(config), () => sinks, storage.JournalKeepFor,
                CameraEventTagger.AnalyticsTag, CameraEntity.PersistenceIdPrefix));
        }

        return builder.WithActors((system, registry) =>
        {
            system.ActorOf(DiskSpaceWatch.Props(data, storage.FreeSpace, storage.CheckInterval), DiskSpaceWatch.Name);
            registry.Register<RetentionSweeper>(system.ActorOf(RetentionSweeper.Props(steps, storage.RetentionInterval), RetentionSweeper.Name));
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseActorSystemTerminate, "retention-index-store", async () =>
            {
                await index.DisposeAsync().ConfigureAwait(false);
                return Akka.Done.Instance;
            });
        });
    }
}
