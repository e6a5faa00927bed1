namespace ActorVision.Cli.Connection;

/// <summary>Where and how avctl talks to a node. <see cref="ToString"/> never shows the API key.</summary>
public sealed record ConnectionSettings(Uri Address, string? ApiKey, TimeSpan Timeout)
{
    public override string ToString() =>
        $"{Address} (timeout {DurationText.Format(Timeout)}, api key {(ApiKey is null ? "not set" : "set")})";
}
