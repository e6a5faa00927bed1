using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ActorVision.Cli.Connection;

/// <summary>Trust for a node whose TLS certificate a private CA signed (the deploy/ setups make one).</summary>
public static class NodeCertificates
{
    /// <summary>Accepts a certificate that chains to the CA in <paramref name="caFile"/> and names the host dialled; nothing else.</summary>
    public static SslClientAuthenticationOptions TrustOnly(string caFile)
    {
        var authority = X509CertificateLoader.LoadCertificateFromFile(caFile);
        return new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            },
        };
    }
}
