namespace ActorVision.Delivery;

/// <summary>A webhook sink (<c>actorvision.delivery.webhooks</c>): events POSTed one by one as JSON to <see cref="Url"/>.</summary>
/// <param name="Secret">HMAC-SHA256 key of the signature header; empty: requests are not signed.</param>
/// <param name="Headers">Sent with every request (an Authorization header, for example).</param>
public sealed record WebhookSinkSettings(SinkSettings Sink, Uri Url, string Secret, IReadOnlyDictionary<string, string> Headers)
{
    public override string ToString() => $"webhook {Sink.Name} -> {SinkTargets.Describe(Url)}";
}
