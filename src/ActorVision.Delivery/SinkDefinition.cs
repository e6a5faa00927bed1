using ActorVision.Delivery.Sinks;

namespace ActorVision.Delivery;

/// <summary>One configured sink: its settings, its target in words (for /delivery), and how to make its client.</summary>
public sealed record SinkDefinition(SinkSettings Settings, string Target, Func<IEventSink> Create)
{
    /// <summary>The enabled sinks of <paramref name="delivery"/>, webhooks then MQTT, in configuration order.</summary>
    public static IReadOnlyList<SinkDefinition> From(DeliverySettings delivery) =>
        delivery.Webhooks.Where(w => w.Sink.Enabled).Select(w => new SinkDefinition(w.Sink, SinkTargets.Describe(w.Url), () => new WebhookSink(w)))
            .Concat(delivery.Mqtt.Where(m => m.Sink.Enabled).Select(m => new SinkDefinition(m.Sink, m.Target, () => new MqttSink(m))))
            .ToArray();
}
