using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using ActorVision.Cluster.Cameras;
using ActorVision.Core.Events;

namespace ActorVision.Node.Demo;

/// <summary>
/// Prints every analytics event of the cluster as one line (<see cref="EventLine"/>) on the node's console, for demos
/// and first steps (<c>actorvision.console-events = on</c>, or <c>--demo</c>). It listens on the pub/sub topic the
/// cameras publish to, so it shows events as they happen, not replayed ones.
/// </summary>
public sealed class ConsoleEventPrinter : ReceiveActor
{
    public ConsoleEventPrinter(TextWriter output)
    {
        Receive<AnalyticsEvent>(e => output.WriteLine("event " + EventLine.Format(e)));
        Receive<SubscribeAck>(_ => { });
    }

    public static Props Props(TextWriter output) => Akka.Actor.Props.Create(() => new ConsoleEventPrinter(output));

    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(CameraEntity.EventsTopic, Self));
}
