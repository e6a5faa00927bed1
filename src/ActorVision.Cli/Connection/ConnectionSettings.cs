namespace ActorVision.Cli.Connection;

/// <summary>Where and how avctl talks to a node. <see cref="ToString"/> never shows the API key.</summary>
/// <param name="CaFile">PEM certificate of the CA that signs the node's TLS certificate (a private CA); null: the system's roots.</param>
public sealed record ConnectionSettings(Uri Address, string? ApiKey, TimeSpan Timeout, string? CaFile = null)
{
    public override string ToString() =>
        $"{Address} (timeout {DurationText.Format(Timeout)}, api key {(ApiKey is null ? "not set" : "set")})";
}
