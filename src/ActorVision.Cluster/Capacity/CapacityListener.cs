using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using ActorVision.Domain.Capacity;

namespace ActorVision.Cluster.Capacity;

/// <summary>
/// Keeps this node's <see cref="ClusterCapacity"/> current: every node's report from the <see cref="Topic"/>, and
/// reports of members that were removed dropped. One per node.
/// </summary>
public sealed class CapacityListener : ReceiveActor
{
    /// <summary>Distributed pub/sub topic of <see cref="NodeCapacity"/> reports.</summary>
    public const string Topic = "node-capacity";

    private readonly ClusterCapacity _capacity;

    public CapacityListener(ClusterCapacity capacity)
    {
        _capacity = capacity;
        Receive<NodeCapacity>(report => _capacity.Received(report, DateTime.UtcNow));
        Receive<ClusterEvent.MemberRemoved>(removed => _capacity.Forget(removed.Member.Address.ToString()));
        Receive<SubscribeAck>(_ => { });
    }

    public static Props Props(ClusterCapacity capacity) => Akka.Actor.Props.Create(() => new CapacityListener(capacity));

    protected override void PreStart()
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(Topic, Self));
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
}
