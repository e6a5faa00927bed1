using Akka.Actor;
using ActorVision.Delivery.Wire;

namespace ActorVision.Delivery;

/// <summary>
/// The node's handles on the cluster's sinks (singleton proxies, so any node can ask wherever a sink runs), for the
/// <c>/delivery</c> status endpoint. Filled when the actor system starts.
/// </summary>
public sealed class DeliverySinks
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);
    private readonly Dictionary<string, (SinkSettings Settings, string Target, IActorRef Proxy)> _sinks = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public IReadOnlyCollection<string> Names
    {
        get { lock (_gate) return _sinks.Keys.ToArray(); }
    }

    public void Add(SinkSettings settings, string target, IActorRef proxy)
    {
        lock (_gate) _sinks[settings.Name] = (settings, target, proxy);
    }

    public bool Contains(string sink)
    {
        lock (_gate) return _sinks.ContainsKey(sink);
    }

    /// <summary>Tells the sink, wherever it runs, that dead letters were marked for replay (it also looks now and then).</summary>
    public void ReplayRequested(string sink)
    {
        IActorRef? proxy;
        lock (_gate) proxy = _sinks.TryGetValue(sink, out var entry) ? entry.Proxy : null;
        proxy?.Tell(new ReplayRequested());
    }

    /// <summary>Every sink's health; a sink that does not answer in time (failing over) is reported Unavailable.</summary>
    public async Task<IReadOnlyList<SinkHealth>> HealthAsync(CancellationToken cancellationToken = default)
    {
        (SinkSettings Settings, string Target, IActorRef Proxy)[] sinks;
        lock (_gate) sinks = _sinks.Values.OrderBy(s => s.Settings.Name, StringComparer.Ordinal).ToArray();
        var asks = sinks.Select(async s =>
        {
            try
            {
                var report = await s.Proxy.Ask<SinkHealthReport>(new GetSinkHealth(), AskTimeout, cancellationToken).ConfigureAwait(false);
                return SinkHealthWire.FromWire(report);
            }
            catch (AskTimeoutException)
            {
                return new SinkHealth(s.Settings.Name, s.Settings.Kind, s.Target, s.Settings.Filter.ToString(), "", SinkState.Unavailable,
                    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, $"no answer within {AskTimeout.TotalSeconds:0} s (the node running the sink may be failing over)",
                    DateTime.UtcNow, null, DateTime.MinValue);
            }
        });
        return await Task.WhenAll(asks).ConfigureAwait(false);
    }
}
