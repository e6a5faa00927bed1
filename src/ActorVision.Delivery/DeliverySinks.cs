using Akka.Actor;
using Akka.Hosting;
using ActorVision.Delivery.Wire;

namespace ActorVision.Delivery;

/// <summary>
/// The cluster's sinks as any node sees them, for the <c>/delivery</c> status endpoint: the configured sinks, asked
/// through the proxy of the <see cref="EventDelivery"/> singleton wherever it runs.
/// </summary>
public sealed class DeliverySinks(IReadOnlyList<SinkDefinition> sinks, IRequiredActor<EventDelivery> delivery)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);

    public IReadOnlyCollection<string> Names { get; } = sinks.Select(s => s.Settings.Name).ToArray();

    public bool Contains(string sink) => Names.Contains(sink, StringComparer.Ordinal);

    /// <summary>Tells the sink, wherever it runs, that dead letters were marked for replay (it also looks now and then).</summary>
    public void ReplayRequested(string sink)
    {
        // Only configured sinks: the singleton's proxy is registered (at start) exactly when there are some.
        if (Contains(sink)) delivery.ActorRef.Tell(new ReplayRequested { Sink = sink });
    }

    /// <summary>Every sink's health; a sink that does not answer in time (failing over) is reported Unavailable.</summary>
    public async Task<IReadOnlyList<SinkHealth>> HealthAsync(CancellationToken cancellationToken = default)
    {
        if (sinks.Count == 0) return [];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AskTimeout);
        IActorRef proxy;
        try
        {
            proxy = await delivery.GetAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return sinks.Select(Unavailable).ToArray();
        }
        var asks = sinks.OrderBy(s => s.Settings.Name, StringComparer.Ordinal).Select(async s =>
        {
            try
            {
                var report = await proxy.Ask<SinkHealthReport>(new GetSinkHealth { Sink = s.Settings.Name }, AskTimeout, cancellationToken).ConfigureAwait(false);
                return SinkHealthWire.FromWire(report);
            }
            catch (AskTimeoutException)
            {
                return Unavailable(s);
            }
        });
        return await Task.WhenAll(asks).ConfigureAwait(false);
    }

    private static SinkHealth Unavailable(SinkDefinition sink) => new(
        sink.Settings.Name, sink.Settings.Kind, sink.Target, sink.Settings.Filter.ToString(), "", SinkState.Unavailable,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, $"no answer within {AskTimeout.TotalSeconds:0} s (the node running the sink may be failing over)",
        DateTime.UtcNow, null, DateTime.MinValue);
}
