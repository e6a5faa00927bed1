using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.DependencyInjection;
using ActorVision.Common.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace ActorVision.Delivery;

/// <summary>
/// Delivery instruments on the <c>ActorVision</c> meter (exported at <c>/metrics</c> with the engine's others), tag
/// <c>sink</c>: counters <c>actorvision_delivery_delivered_total</c>, <c>actorvision_delivery_failures_total</c> (tag
/// <c>reason</c>: <c>rejected</c>, <c>unreachable</c>, <c>unavailable</c>), <c>actorvision_delivery_dead_letters_total</c>, <c>actorvision_delivery_replayed_total</c>; histogram
/// <c>actorvision_delivery_attempt_duration_seconds</c>; gauges <c>actorvision_delivery_lag_events</c>,
/// <c>actorvision_delivery_lag_seconds</c> and <c>actorvision_delivery_pending</c>, reported by the node running the sink.
/// One per actor system (<see cref="Get"/>), on the node's meter, so each node reports its own sinks.
/// </summary>
public sealed class DeliveryMetrics : IExtension
{
    private readonly ConcurrentDictionary<string, SinkHealth> _sinks = new(StringComparer.Ordinal);
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _replays;
    private readonly Histogram<double> _attemptDuration;

    public DeliveryMetrics(Meter meter)
    {
        _delivered = meter.CreateCounter<long>(
            "actorvision.delivery.delivered", "{event}", "Events a sink's receiver acknowledged");
        _failures = meter.CreateCounter<long>(
            "actorvision.delivery.failures", "{attempt}", "Delivery attempts that failed (reason rejected: the receiver refused; unreachable: no answer; unavailable: the receiver said not now)");
        _deadLetters = meter.CreateCounter<long>(
            "actorvision.delivery.dead_letters", "{event}", "Events a sink gave up on after its max-attempts and recorded as dead letters");
        _replays = meter.CreateCounter<long>(
            "actorvision.delivery.replayed", "{event}", "Dead letters delivered by a replay an operator asked for");
        _attemptDuration = meter.CreateHistogram(
            "actorvision.delivery.attempt.duration", "s", "Time of one delivery attempt, until the receiver answered or the attempt failed",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        meter.CreateObservableGauge("actorvision.delivery.lag.events", () => Observe(h => h.LagEvents), "{event}",
            "Analytics events in the journal a sink has not finished");
        meter.CreateObservableGauge("actorvision.delivery.lag.seconds", () => Observe(h => h.LagSeconds), "s",
            "Age of the oldest event a sink has not finished");
        meter.CreateObservableGauge("actorvision.delivery.pending", () => Observe(h => (long)h.Pending), "{event}",
            "Events a sink has read and not finished");
    }

    /// <summary>This actor system's delivery metrics, on the meter of its node's <see cref="IMeterFactory"/> when it has one.</summary>
    public static DeliveryMetrics Get(ActorSystem system) => system.WithExtension<DeliveryMetrics, DeliveryMetricsProvider>();

    public void Attempted(string sink, DeliveryOutcome outcome, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("sink", sink);
        _attemptDuration.Record(duration.TotalSeconds, tag);
        switch (outcome)
        {
            case DeliveredOutcome:
                _delivered.Add(1, tag);
                break;
            case RejectedOutcome:
                _failures.Add(1, tag, new("reason", "rejected"));
                break;
            case UnreachableOutcome:
                _failures.Add(1, tag, new("reason", "unreachable"));
                break;
            case UnavailableOutcome:
                _failures.Add(1, tag, new("reason", "unavailable"));
                break;
        }
    }

    public void DeadLettered(string sink) => _deadLetters.Add(1, new KeyValuePair<string, object?>("sink", sink));

    public void Replayed(string sink) => _replays.Add(1, new KeyValuePair<string, object?>("sink", sink));

    /// <summary>The sink's latest health, for the gauges; <see cref="SinkStopped"/> removes it.</summary>
    public void Report(SinkHealth health) => _sinks[health.Name] = health;

    public void SinkStopped(string sink) => _sinks.TryRemove(sink, out _);

    private IEnumerable<Measurement<T>> Observe<T>(Func<SinkHealth, T> value) where T : struct =>
        _sinks.Values.Select(h => new Measurement<T>(value(h), new KeyValuePair<string, object?>("sink", h.Name))).ToArray();
}

/// <summary>Makes one <see cref="DeliveryMetrics"/> per actor system, on its node's meter factory when Akka.Hosting gave it one.</summary>
public sealed class DeliveryMetricsProvider : ExtensionIdProvider<DeliveryMetrics>
{
    public override DeliveryMetrics CreateExtension(ExtendedActorSystem system)
    {
        var services = system.Settings.Setup.Get<DependencyResolverSetup>();
        var factory = services.HasValue ? DependencyResolver.For(system).Resolver.GetService<IMeterFactory>() : null;
        var meter = ActorVisionMeter.Create(factory);
        if (factory is null) system.RegisterOnTermination(meter.Dispose);
        return new DeliveryMetrics(meter);
    }
}
