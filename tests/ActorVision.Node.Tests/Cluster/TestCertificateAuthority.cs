using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorVision.Node.Tests.Cluster;

/// <summary>
/// A throwaway certificate authority for TLS tests: its certificate as a PEM file, and node certificates it signs as
/// password-protected PFX files, the way an operator's PKI would hand them out. Files live in <see cref="Folder"/>.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _root;

    public TestCertificateAuthority(string name)
    {
        Folder = Directory.CreateTempSubdirectory("av-ca-").FullName;
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(2));
        CertificatePath = Path.Combine(Folder, "ca.pem");
        File.WriteAllText(CertificatePath, _root.ExportCertificatePem());
    }

    public string Folder { get; }

    /// <summary>The CA certificate (PEM), what <c>actorvision.node.tls.trusted-ca</c> points at.</summary>
    public string CertificatePath { get; }

    /// <summary>Issues a TLS certificate (server and client use) for <paramref name="name"/> and, unless told otherwise, 127.0.0.1; returns the PFX path.</summary>
    public string IssueNodeCertificate(string name, string password, bool namesLoopback = true)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issued = Issue(name, key, namesLoopback);
        using var withKey = issued.CopyWithPrivateKey(key);
        var path = Path.Combine(Folder, name + ".pfx");
        File.WriteAllBytes(path, withKey.Export(X509ContentType.Pfx, password));
        return path;
    }

    private X509Certificate2 Issue(string name, ECDsa key, bool namesLoopback = true)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        if (namesLoopback) names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        return request.Create(_root, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
    }

    /// <summary>
    /// Issues a server certificate for <paramref name="name"/> and 127.0.0.1 as PEM files (certificate, unencrypted
    /// PKCS#8 key), the form OpenSSL-based servers such as Mosquitto read.
    /// </summary>
    public (string CertificateFile, string KeyFile) IssuePemCertificate(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issued = Issue(name, key);
        var certificate = Path.Combine(Folder, name + ".crt");
        var keyFile = Path.Combine(Folder, name + ".key");
        File.WriteAllText(certificate, issued.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certificate, keyFile);
    }

    public void Dispose()
    {
        _root.Dispose();
        _key.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
