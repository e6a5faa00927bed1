namespace ActorVision.Cluster.Delivery;

public enum SinkKind
{
    Webhook,
    Mqtt,
}
