namespace ActorVision.Delivery;

public enum SinkKind
{
    Webhook,
    Mqtt,
}
