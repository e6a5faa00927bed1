using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace ActorVision.Delivery;

/// <summary>
/// An MQTT sink (<c>actorvision.delivery.mqtt</c>): each event published to
/// <c>&lt;topic-prefix&gt;/&lt;camera&gt;/&lt;rule&gt;</c> and acknowledged by the broker (QoS 1 or 2) before the next of its camera.
/// </summary>
public sealed record MqttSinkSettings(
    SinkSettings Sink,
    string Host,
    int Port,
    string ClientId,
    string Username,
    string Password,
    MqttTlsSettings Tls,
    MqttProtocolVersion ProtocolVersion,
    string TopicPrefix,
    MqttQualityOfServiceLevel QualityOfService,
    bool Retain,
    TimeSpan KeepAlive,
    TimeSpan ReconnectMinBackoff,
    TimeSpan ReconnectMaxBackoff)
{
    public string Target => $"mqtt{(Tls.Enabled ? "s" : "")}://{Host}:{Port}/{TopicPrefix}";

    public override string ToString() => $"mqtt {Sink.Name} -> {Target}";
}
