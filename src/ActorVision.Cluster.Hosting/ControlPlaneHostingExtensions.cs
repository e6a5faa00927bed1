using Akka.Cluster.Hosting;
using Akka.Hosting;
using ActorVision.Cluster.Cameras.Client;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.CameraFile;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Nodes;
using ActorVision.Delivery.EventIndex;

namespace ActorVision.Cluster.Hosting;

public static class ControlPlaneHostingExtensions
{
    public const string EventIndexSingletonName = "event-index";
    public const string CameraFileSingletonName = "camera-file";

    /// <summary>
    /// The engine side of the control plane, on top of <see cref="ActorVisionHostingExtensions.AddActorVision"/>: every
    /// node's <see cref="NodeReporter"/> (what the API of any node asks about it); among the nodes with the <c>api</c> role,
    /// the event index projection and the camera file watcher (singletons), and each one's live feed of the index.
    /// </summary>
    /// <param name="eventIndex">The event index of this node; null on nodes without the api role.</param>
    public static AkkaConfigurationBuilder AddControlPlane(
        this AkkaConfigurationBuilder builder,
        ControlPlaneSetup setup,
        EventIndexServices? eventIndex)
    {
        builder.WithActors((system, registry) =>
        {
            var reporter = system.ActorOf(NodeReporter.Props(setup.Catalog, registry.Get<NodeDevices>()), NodeReporter.Name);
            registry.Register<NodeReporterActor>(reporter);
        });
        if (!setup.Settings.Node.HasRole(ActorVisionRoles.Api)) return builder;

        var singleton = new ClusterSingletonOptions { Role = ActorVisionRoles.Api };
        if (eventIndex is not null)
        {
            builder.WithSingleton<EventIndexProjection>(
                EventIndexSingletonName, EventIndexProjection.Props(eventIndex.Store, eventIndex.Settings), singleton, createProxyToo: false);
            builder.WithActors((system, _) => system.ActorOf(EventFeedNotifier.Props(eventIndex.Feed), "event-feed-notifier"));
        }
        if (setup.CameraFile.Enabled)
        {
            builder.WithSingleton<CameraFileWatcherProxy>(
                CameraFileSingletonName,
                (system, registry, _) => CameraFileWatcher.Props(
                    setup.CameraFile,
                    setup.CameraFileContext,
                    new CameraClient(registry.Get<CameraRegion>(), setup.CameraClient),
                    new CameraDirectory(system)),
                singleton);
        }
        return builder;
    }
}
