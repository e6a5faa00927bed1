using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;

namespace ActorVision.Cluster.Hosting;

/// <summary>
/// Turns <see cref="RemoteTlsSettings"/> into Akka.Remote's SSL options: the node's certificate loaded (with a
/// clear error when the file or password is wrong) and a validator that trusts exactly the configured CA and, on
/// the connections a node opens, checks that the peer's certificate names the host it dialled.
/// </summary>
public static class RemoteTls
{
    public static SslOptions Options(RemoteTlsSettings settings)
    {
        var certificate = LoadCertificate(settings);
        var authority = LoadAuthority(settings.TrustedCertificateAuthority);
        return new SslOptions
        {
            X509Certificate = certificate,
            SuppressValidation = false,
            RequireMutualAuthentication = true,
            ValidateCertificateHostname = settings.ValidateHostname,
            CustomValidator = Validator(authority, settings.ValidateHostname),
        };
    }

    /// <summary>
    /// Accepts a peer certificate that chains to <paramref name="authority"/>, is within its validity period and, when
    /// asked, names the host dialled (TLS checks the name on the connections a node opens; a node accepting one has
    /// no name to compare, so there the CA decides).
    /// </summary>
    public static CertificateValidationCallback Validator(X509Certificate2 authority, bool validateHostname) =>
        (certificate, _, peer, errors, log) =>
        {
            if (certificate is null)
            {
                log.Warning("remoting TLS: {0} presented no certificate", peer);
                return false;
            }
            if (validateHostname && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                log.Warning("remoting TLS: certificate {0} of {1} does not name that host", certificate.Subject, peer);
                return false;
            }
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            // A private cluster CA publishes no revocation list; rotate certificates to revoke.
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain.Build(certificate)) return true;
            var reasons = string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            log.Warning("remoting TLS: certificate {0} of {1} does not chain to the cluster CA {2}: {3}",
                certificate.Subject, peer, authority.Subject, reasons);
            return false;
        };

    private static X509Certificate2 LoadCertificate(RemoteTlsSettings settings)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(settings.Certificate,
                settings.CertificatePassword.Length > 0 ? settings.CertificatePassword : null,
                X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException ex)
        {
            throw new ConfigurationException($"actorvision.node.tls.certificate: cannot read '{settings.Certificate}' (wrong password, or not a PFX file): {ex.Message}", ex);
        }
        if (!certificate.HasPrivateKey)
            throw new ConfigurationException($"actorvision.node.tls.certificate: '{settings.Certificate}' holds no private key");
        if (certificate.NotAfter < DateTime.Now)
            throw new ConfigurationException($"actorvision.node.tls.certificate: '{settings.Certificate}' expired on {certificate.NotAfter:u}");
        return certificate;
    }

    private static X509Certificate2 LoadAuthority(string path)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException ex)
        {
            throw new ConfigurationException($"actorvision.node.tls.trusted-ca: cannot read '{path}' as a PEM or DER certificate: {ex.Message}", ex);
        }
    }
}
