using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ActorVision.Common.Telemetry;

namespace ActorVision.Delivery;

/// <summary>
/// Delivery instruments on the <c>ActorVision</c> meter (exported at <c>/metrics</c> with the engine's others), tag
/// <c>sink</c>: counters <c>actorvision_delivery_delivered_total</c>, <c>actorvision_delivery_failures_total</c> (tag
/// <c>reason</c>: <c>rejected</c>, <c>unreachable</c>, <c>unavailable</c>), <c>actorvision_delivery_dead_letters_total</c>, <c>actorvision_delivery_replayed_total</c>; histogram
/// <c>actorvision_delivery_attempt_duration_seconds</c>; gauges <c>actorvision_delivery_lag_events</c>,
/// <c>actorvision_delivery_lag_seconds</c> and <c>actorvision_delivery_pending</c>, reported by the node running the sink.
/// </summary>
public static class DeliveryMetrics
{
    private static readonly Meter Meter = new(ActorVisionMeter.Name);
    private static readonly ConcurrentDictionary<string, SinkHealth> Sinks = new(StringComparer.Ordinal);

    private static readonly Counter<long> Delivered = Meter.CreateCounter<long>(
        "actorvision.delivery.delivered", "{event}", "Events a sink's receiver acknowledged");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "actorvision.delivery.failures", "{attempt}", "Delivery attempts that failed (reason rejected: the receiver refused; unreachable: no answer; unavailable: the receiver said not now)");
    private static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>(
        "actorvision.delivery.dead_letters", "{event}", "Events a sink gave up on after its max-attempts and recorded as dead letters");
    private static readonly Counter<long> Replays = Meter.CreateCounter<long>(
        "actorvision.delivery.replayed", "{event}", "Dead letters delivered by a replay an operator asked for");
    private static readonly Histogram<double> AttemptDuration = Meter.CreateHistogram(
        "actorvision.delivery.attempt.duration", "s", "Time of one delivery attempt, until the receiver answered or the attempt failed",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    static DeliveryMetrics()
    {
        Meter.CreateObservableGauge("actorvision.delivery.lag.events", () => Observe(h => h.LagEvents), "{event}",
            "Analytics events in the journal a sink has not finished");
        Meter.CreateObservableGauge("actorvision.delivery.lag.seconds", () => Observe(h => h.LagSeconds), "s",
            "Age of the oldest event a sink has not finished");
        Meter.CreateObservableGauge("actorvision.delivery.pending", () => Observe(h => (long)h.Pending), "{event}",
            "Events a sink has read and not finished");
    }

    public static void Attempted(string sink, DeliveryOutcome outcome, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("sink", sink);
        AttemptDuration.Record(duration.TotalSeconds, tag);
        switch (outcome)
        {
            case DeliveredOutcome:
                Delivered.Add(1, tag);
                break;
            case RejectedOutcome:
                Failures.Add(1, tag, new("reason", "rejected"));
                break;
            case UnreachableOutcome:
                Failures.Add(1, tag, new("reason", "unreachable"));
                break;
            case UnavailableOutcome:
                Failures.Add(1, tag, new("reason", "unavailable"));
                break;
        }
    }

    public static void DeadLettered(string sink) => DeadLetters.Add(1, new KeyValuePair<string, object?>("sink", sink));

    public static void Replayed(string sink) => Replays.Add(1, new KeyValuePair<string, object?>("sink", sink));

    /// <summary>The sink's latest health, for the gauges; <see cref="SinkStopped"/> removes it.</summary>
    public static void Report(SinkHealth health) => Sinks[health.Name] = health;

    public static void SinkStopped(string sink) => Sinks.TryRemove(sink, out _);

    private static IEnumerable<Measurement<T>> Observe<T>(Func<SinkHealth, T> value) where T : struct =>
        Sinks.Values.Select(h => new Measurement<T>(value(h), new KeyValuePair<string, object?>("sink", h.Name))).ToArray();
}
