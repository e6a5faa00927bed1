using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using ActorVision.Cluster.Cameras;
using ActorVision.Core.Events;

namespace ActorVision.Node.Tests.Support;

/// <summary>Collects every analytics event published on a node's pub/sub topic, for assertions.</summary>
public sealed class EventCollector : IDisposable
{
    private readonly ConcurrentQueue<AnalyticsEvent> _events = new();
    private readonly IActorRef _subscriber;
    private readonly SemaphoreSlim _arrived = new(0);

    private EventCollector(ActorSystem system)
    {
        _subscriber = system.ActorOf(Props.Create(() => new Subscriber(this)));
    }

    public static async Task<EventCollector> StartAsync(ActorSystem system)
    {
        var collector = new EventCollector(system);
        var mediator = DistributedPubSub.Get(system).Mediator;
        await mediator.Ask<SubscribeAck>(new Subscribe(CameraEntity.EventsTopic, collector._subscriber), TimeSpan.FromSeconds(10));
        return collector;
    }

    public IReadOnlyList<AnalyticsEvent> Events => _events.ToArray();

    /// <summary>Waits until the events seen so far satisfy <paramref name="condition"/>; fails with what was seen.</summary>
    public async Task<IReadOnlyList<AnalyticsEvent>> WaitForAsync(Func<IReadOnlyList<AnalyticsEvent>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var events = Events;
            if (condition(events)) return events;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"{what} not seen within {timeout.TotalSeconds:0} s; saw {events.Count} events:\n{string.Join('\n', events.Select(Describe))}");
            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500));
        }
    }

    public static string Describe(AnalyticsEvent e) =>
        $"{e.StreamTime.TotalSeconds:0.00}s {e.CameraId} {e.RuleId} {e.EventType} track {e.TrackId} {e.Direction} in={e.InCount} out={e.OutCount}";

    public void Dispose() => _subscriber.Tell(PoisonPill.Instance);

    private sealed class Subscriber : ReceiveActor
    {
        public Subscriber(EventCollector collector)
        {
            Receive<AnalyticsEvent>(e =>
            {
                collector._events.Enqueue(e);
                collector._arrived.Release();
            });
            Receive<SubscribeAck>(_ => { });
        }
    }
}
