namespace ActorVision.Delivery;

/// <param name="CaFile">PEM file of the CA that signed the broker's certificate, when it is not in the system's trust store.</param>
/// <param name="TargetHost">The name the broker's certificate must carry; empty: the host the sink connects to.</param>
/// <param name="AllowUntrusted">Accept any certificate (testing only: it gives up the protection TLS is for).</param>
/// <param name="ClientCertificateFile">PFX file of a client certificate, for brokers that require one.</param>
public sealed record MqttTlsSettings(bool Enabled, string CaFile, string TargetHost, bool AllowUntrusted, string ClientCertificateFile, string ClientCertificatePassword)
{
    public static MqttTlsSettings Off { get; } = new(false, "", "", false, "", "");
}
