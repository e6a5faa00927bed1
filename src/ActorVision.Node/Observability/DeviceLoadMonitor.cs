using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using ActorVision.Cluster.Devices;

namespace ActorVision.Node.Observability;

/// <summary>
/// Follows the loads this node's device routers publish on the event stream: keeps the latest of each for the metric
/// gauges and publishes them together for the dashboards of every node. Asks nothing.
/// </summary>
public sealed class DeviceLoadMonitor : ReceiveActor
{
    /// <summary>Distributed pub/sub topic of <see cref="DeviceLoadReport"/>.</summary>
    public const string Topic = "device-load";

    private readonly NodeObservations _observations;
    private readonly string _node;
    private readonly SortedDictionary<string, DeviceLoad> _loads = new(StringComparer.Ordinal);

    public DeviceLoadMonitor(NodeObservations observations)
    {
        _observations = observations;
        _node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        Receive<DeviceLoad>(OnLoad);
    }

    public static Props Props(NodeObservations observations) => Akka.Actor.Props.Create(() => new DeviceLoadMonitor(observations));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(DeviceLoad));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void OnLoad(DeviceLoad load)
    {
        _loads[load.Device] = load;
        var loads = _loads.Values.ToArray();
        _observations.DevicesMeasured(loads);
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Publish(Topic, new DeviceLoadReport(_node, DateTime.UtcNow, loads)));
    }
}
