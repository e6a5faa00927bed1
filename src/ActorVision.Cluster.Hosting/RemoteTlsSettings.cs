using Akka.Configuration;

namespace ActorVision.Cluster.Hosting;

/// <summary>
/// TLS for Akka remoting between nodes (<c>actorvision.node.tls</c>). Every node presents its certificate and checks
/// the peer's (mutual TLS) against <see cref="TrustedCertificateAuthority"/>, the private CA that signs the cluster's
/// nodes, and nothing else: the machine's trusted roots would let any publicly-rooted certificate join.
/// </summary>
/// <param name="Enabled">Off by default: remoting is plain TCP, which a node allows on loopback only (or in insecure mode).</param>
/// <param name="Certificate">PFX (PKCS#12) file with this node's certificate and private key.</param>
/// <param name="CertificatePassword">Password of the PFX file; empty when it has none.</param>
/// <param name="TrustedCertificateAuthority">PEM or DER certificate of the CA that signs every node's certificate; required when enabled.</param>
/// <param name="ValidateHostname">Also require a peer's certificate to name the host dialled (on by default; the certificates then name the
/// nodes' public hostnames, or a wildcard over them).</param>
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
            tls.GetBoolean("validate-hostname", true));
        if (!settings.Enabled) return settings;
        if (settings.Certificate.Length == 0)
            throw new ConfigurationException("actorvision.node.tls.certificate: a PFX file is required when tls.enabled = on");
        if (!File.Exists(settings.Certificate))
            throw new ConfigurationException($"actorvision.node.tls.certificate: '{settings.Certificate}' does not exist");
        if (settings.TrustedCertificateAuthority.Length == 0)
            throw new ConfigurationException("actorvision.node.tls.trusted-ca: the CA certificate that signs the nodes' certificates is required " +
                "when tls.enabled = on (without it, any publicly-rooted certificate could join the cluster)");
        if (!File.Exists(settings.TrustedCertificateAuthority))
            throw new ConfigurationException($"actorvision.node.tls.trusted-ca: '{settings.TrustedCertificateAuthority}' does not exist");
        return settings;
    }
}
