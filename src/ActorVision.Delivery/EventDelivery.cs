using Akka.Actor;
using Akka.Event;
using ActorVision.Delivery.Wire;

namespace ActorVision.Delivery;

/// <summary>
/// The cluster's event delivery: one cluster singleton (on the oldest node with the delivery role) that runs a
/// <see cref="SinkRunner"/> per configured sink as its children, and hands a question about a sink
/// (<see cref="GetSinkHealth"/> with the sink's name) to its runner. On hand-over (<see cref="StopSink"/>) every runner
/// stores its position and stops; the singleton stops once they all have.
/// </summary>
public sealed class EventDelivery : ReceiveActor
{
    public const string Name = "delivery";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _runners = new(StringComparer.Ordinal);
    private bool _stopping;

    public EventDelivery(IReadOnlyList<SinkDefinition> sinks, DeliveryStore store, TimeSpan healthInterval)
    {
        foreach (var sink in sinks)
        {
            var runner = Context.ActorOf(SinkRunner.Props(sink.Settings, sink.Create, store, healthInterval), Uri.EscapeDataString(sink.Settings.Name));
            Context.Watch(runner);
            _runners[sink.Settings.Name] = runner;
        }
        Receive<GetSinkHealth>(ask =>
        {
            if (_runners.TryGetValue(ask.Sink, out var runner)) runner.Forward(ask);
            // An unknown name is answered by silence, as a sink failing over would be; /delivery asks only configured ones.
            else _log.Warning("delivery: asked about sink '{0}', which this node does not run", ask.Sink);
        });
        Receive<ReplayRequested>(replay =>
        {
            if (_runners.TryGetValue(replay.Sink, out var runner)) runner.Forward(replay);
        });
        Receive<StopSink>(_ =>
        {
            _stopping = true;
            foreach (var runner in _runners.Values) runner.Tell(StopSink.Instance);
            StopWhenAllStopped();
        });
        Receive<Terminated>(stopped =>
        {
            foreach (var (name, runner) in _runners.Where(r => r.Value.Equals(stopped.ActorRef)).ToArray())
            {
                _runners.Remove(name);
                if (!_stopping) _log.Warning("delivery: the runner of sink {0} stopped; its events wait until the next hand-over", name);
            }
            StopWhenAllStopped();
        });
    }

    public static Props Props(IReadOnlyList<SinkDefinition> sinks, DeliveryStore store, TimeSpan healthInterval) =>
        Akka.Actor.Props.Create(() => new EventDelivery(sinks, store, healthInterval));

    private void StopWhenAllStopped()
    {
        if (_stopping && _runners.Count == 0) Context.Stop(Self);
    }
}
