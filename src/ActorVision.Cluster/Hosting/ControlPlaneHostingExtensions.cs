using Akka.Cluster.Hosting;
using Akka.Hosting;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.EventIndex;
using ActorVision.Cluster.Nodes;

namespace ActorVision.Cluster.Hosting;

/// <summary>Marker for this node's <see cref="NodeReporter"/> in the ActorRegistry.</summary>
public sealed class NodeReporterActor;

public static class ControlPlaneHostingExtensions
{
    public const string EventIndexSingletonName = "event-index";

    /// <summary>
    /// The engine side of the control plane, on top of <see cref="ActorVisionHostingExtensions.AddActorVision"/>: every
    /// node's <see cref="NodeReporter"/> (what the API of any node asks about it); on nodes with the <c>api</c> role the
    /// event index projection (a singleton among them) and this node's live feed of it.
    /// </summary>
    /// <param name="eventIndex">The event index of this node; null on nodes without the api role.</param>
    public static AkkaConfigurationBuilder AddControlPlane(
        this AkkaConfigurationBuilder builder,
        ActorVisionSettings settings,
        ModelCatalog catalog,
        DeviceDirectory devices,
        EventIndexServices? eventIndex)
    {
        builder.WithActors((system, registry) =>
        {
            var reporter = system.ActorOf(NodeReporter.Props(catalog, devices, TimeSpan.FromSeconds(1)), NodeReporter.Name);
            registry.Register<NodeReporterActor>(reporter);
        });
        if (settings.Node.HasRole(ActorVisionRoles.Api) && eventIndex is not null)
        {
            builder.WithSingleton<EventIndexProjection>(
                EventIndexSingletonName,
                EventIndexProjection.Props(eventIndex.Store, eventIndex.Settings),
                new ClusterSingletonOptions { Role = ActorVisionRoles.Api },
                createProxyToo: false);
            builder.WithActors((system, _) => system.ActorOf(EventFeedNotifier.Props(eventIndex.Feed), "event-feed-notifier"));
        }
        return builder;
    }
}
