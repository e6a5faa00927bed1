using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using ActorVision.Delivery.EventIndex.Wire;

namespace ActorVision.Delivery.EventIndex;

/// <summary>Passes the projection's <see cref="EventIndexAdvanced"/> announcements (from whichever node runs it) to this node's <see cref="EventFeed"/>.</summary>
public sealed class EventFeedNotifier : ReceiveActor
{
    public EventFeedNotifier(EventFeed feed)
    {
        Receive<EventIndexAdvanced>(m => feed.Notify(m.Offset));
        Receive<SubscribeAck>(_ => { });
    }

    public static Props Props(EventFeed feed) => Akka.Actor.Props.Create(() => new EventFeedNotifier(feed));

    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(EventIndexProjection.Topic, Self));
}
