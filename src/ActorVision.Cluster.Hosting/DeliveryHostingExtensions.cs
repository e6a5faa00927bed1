using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Akka.Hosting;
using ActorVision.Delivery;
using ActorVision.Delivery.Sinks;

namespace ActorVision.Cluster.Hosting;

/// <summary>
/// Event delivery (<c>actorvision.delivery</c>): one cluster singleton per sink, on the oldest node with the delivery
/// role, and a proxy to each on every node (for <see cref="DeliverySinks"/>).
/// </summary>
public static class DeliveryHostingExtensions
{
    /// <summary>The singleton's actor name under its manager <c>/user/delivery-&lt;sink&gt;</c>.</summary>
    public const string SingletonName = "sink";

    public static AkkaConfigurationBuilder AddDelivery(
        this AkkaConfigurationBuilder builder,
        ActorVisionSettings settings,
        DeliverySettings delivery,
        DeliveryStore store,
        DeliverySinks directory)
    {
        var sinks = delivery.Webhooks.Where(w => w.Sink.Enabled).Select(w => (w.Sink, Target: SinkTargets.Describe(w.Url), Create: (Func<IEventSink>)(() => new WebhookSink(w))))
            .Concat(delivery.Mqtt.Where(m => m.Sink.Enabled).Select(m => (m.Sink, Target: m.Target, Create: (Func<IEventSink>)(() => new MqttSink(m)))))
            .ToArray();
        if (sinks.Length == 0) return builder;

        var role = delivery.Role.Length > 0 ? delivery.Role : null;
        var runsHere = role is null || settings.Node.HasRole(role);
        builder.WithActors((system, _) =>
        {
            foreach (var (sink, target, create) in sinks)
            {
                var manager = "delivery-" + sink.Name;
                if (runsHere)
                {
                    system.ActorOf(ClusterSingletonManager.Props(
                            SinkRunner.Props(sink, create, store, delivery.HealthInterval),
                            StopSink.Instance,
                            ClusterSingletonManagerSettings.Create(system).WithRole(role).WithSingletonName(SingletonName)),
                        manager);
                }
                var proxy = system.ActorOf(ClusterSingletonProxy.Props(
                        "/user/" + manager,
                        ClusterSingletonProxySettings.Create(system).WithRole(role).WithSingletonName(SingletonName)),
                    manager + "-proxy");
                directory.Add(sink, target, proxy);
            }
        });
        return builder;
    }
}
