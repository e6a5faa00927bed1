using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using ActorVision.Delivery;

namespace ActorVision.Cluster.Hosting;

/// <summary>
/// Event delivery (<c>actorvision.delivery</c>): the <see cref="EventDelivery"/> singleton, which runs every sink, on
/// the oldest node with the delivery role, and its proxy on every node in the ActorRegistry (for <see cref="DeliverySinks"/>).
/// </summary>
public static class DeliveryHostingExtensions
{
    public static AkkaConfigurationBuilder AddDelivery(
        this AkkaConfigurationBuilder builder,
        ActorVisionSettings settings,
        DeliverySettings delivery,
        DeliveryStore store)
    {
        var sinks = SinkDefinition.From(delivery);
        if (sinks.Count == 0) return builder;

        var role = delivery.Role.Length > 0 ? delivery.Role : null;
        var options = new ClusterSingletonOptions { Role = role, TerminationMessage = StopSink.Instance };
        if (role is not null && !settings.Node.HasRole(role))
            return builder.WithSingletonProxy<EventDelivery>(EventDelivery.Name, options);

        // The store belongs to the host's container, which disposes of it after the actor system has stopped.
        return builder.WithSingleton<EventDelivery>(EventDelivery.Name, EventDelivery.Props(sinks, store, delivery.HealthInterval), options, createProxyToo: true);
    }
}
