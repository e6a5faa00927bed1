using Akka.Configuration;

namespace ActorVision.Cluster.Hosting;

/// <summary>
/// TLS for Akka remoting between nodes (<c>actorvision.node.tls</c>). Every node presents its certificate and checks
/// the peer's (mutual TLS): against <see cref="TrustedCertificateAuthority"/> when set (a private CA, the usual
/// case for a cluster), otherwise against the machine's trusted roots.
/// </summary>
/// <param name="Enabled">Off by default: remoting is plain TCP, for a trusted network only.</param>
/// <param name="Certificate">PFX (PKCS#12) file with this node's certificate and private key.</param>
/// <param name="CertificatePassword">Password of the PFX file; empty when it has none.</param>
/// <param name="TrustedCertificateAuthority">PEM or DER certificate of the CA that signs every node's certificate; empty: system roots.</param>
/// <param name="ValidateHostname">Also require the peer certificate's name to match the address dialled (off: per-node certificates with pod IPs rarely match).</param>
public sealed record RemoteTlsSettings(
    bool Enabled,
    string Certificate,
    string CertificatePassword,
    string TrustedCertificateAuthority,
    bool ValidateHostname)
{
    public static RemoteTlsSettings Disabled { get; } = new(false, "", "", "", false);

    public static RemoteTlsSettings FromConfig(Config tls)
    {
        var settings = new RemoteTlsSettings(
            tls.GetBoolean("enabled", false),
            tls.GetString("certificate", ""),
            tls.GetString("certificate-password", ""),
            tls.GetString("trusted-ca", ""),
            tls.GetBoolean("validate-hostname", false));
        if (!settings.Enabled) return settings;
        if (settings.Certificate.Length == 0)
            throw new ConfigurationException("actorvision.node.tls.certificate: a PFX file is required when tls.enabled = on");
        if (!File.Exists(settings.Certificate))
            throw new ConfigurationException($"actorvision.node.tls.certificate: '{settings.Certificate}' does not exist");
        if (settings.TrustedCertificateAuthority.Length > 0 && !File.Exists(settings.TrustedCertificateAuthority))
            throw new ConfigurationException($"actorvision.node.tls.trusted-ca: '{settings.TrustedCertificateAuthority}' does not exist");
        return settings;
    }
}
