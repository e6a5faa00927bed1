using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using Akka.Event;
using ActorVision.Cluster.Hosting;
using ActorVision.Tests;
using ActorVision.Cluster.Configuration;

namespace ActorVision.Cluster.Hosting.Tests;

/// <summary>Discovery, remoting TLS and shutdown settings: shipped defaults, overrides, refusals, and the TLS peer check.</summary>
public sealed class ClusterSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("av-cluster-settings-").FullName;

    private static Config Shipped(Func<string, string?>? environment = null) =>
        HoconFiles.Load(Path.Combine(TestAssets.RepoRoot, "hocon"), environment: environment ?? (_ => null));

    [Fact]
    public void The_shipped_node_joins_seed_nodes_over_plain_tcp_and_waits_a_minute_on_shutdown()
    {
        var node = ActorVisionSettings.FromConfig(Shipped()).Node;

        Assert.Equal(ClusterDiscoveryMethod.SeedNodes, node.Discovery.Method);
        Assert.False(node.Tls.Enabled);
        Assert.Equal("akka.tcp://actorvision@127.0.0.1:4053", node.SelfAddress);
        Assert.Equal(TimeSpan.FromSeconds(60), node.ShutdownTimeout);
    }

    [Fact]
    public void Kubernetes_discovery_is_selected_by_environment_variables()
    {
        var environment = new Dictionary<string, string>
        {
            ["AV_DISCOVERY"] = "kubernetes",
            ["AV_K8S_NAMESPACE"] = "video",
            ["AV_K8S_REQUIRED_PODS"] = "3",
        };

        var discovery = ActorVisionSettings.FromConfig(Shipped(environment.GetValueOrDefault)).Node.Discovery;

        Assert.Equal(ClusterDiscoveryMethod.Kubernetes, discovery.Method);
        Assert.Equal("video", discovery.PodNamespace);
        Assert.Equal(3, discovery.RequiredPods);
        Assert.Equal("app=actorvision", discovery.LabelSelector);
        Assert.Equal("remoting", discovery.RemotingPortName);
    }

    [Fact]
    public void With_TLS_the_address_scheme_is_akka_ssl_tcp_and_seed_nodes_must_use_it()
    {
        var certificate = WriteCertificate("node", CreateAuthority("CN=ca"), "pw");
        var tls = $"actorvision.node.tls {{ enabled = on, certificate = \"{certificate}\", certificate-password = pw, trusted-ca = \"{certificate}\" }}";

        var node = ActorVisionSettings.FromConfig(ConfigurationFactory.ParseString(tls).WithFallback(Shipped())).Node;
        Assert.Equal("akka.ssl.tcp://actorvision@127.0.0.1:4053", node.SelfAddress);

        var plainSeeds = ConfigurationFactory.ParseString(tls + "\nactorvision.node.seed-nodes-csv = \"akka.tcp://actorvision@10.0.0.1:4053\"");
        var error = Assert.Throws<ConfigurationException>(() => ActorVisionSettings.FromConfig(plainSeeds.WithFallback(Shipped())));
        Assert.Contains("akka.ssl.tcp", error.Message);
    }

    [Theory]
    [InlineData("actorvision.node.discovery.method = dns", "'dns' is not one of seed-nodes, kubernetes")]
    [InlineData("actorvision.node.discovery.kubernetes.required-pods = 0", "required-pods must be at least 1")]
    [InlineData("actorvision.node.discovery.kubernetes.pod-host = \"nodes.example\"", "pod-host must name the pod")]
    [InlineData("actorvision.node.tls.enabled = on", "a PFX file is required")]
    [InlineData("actorvision.node.tls { enabled = on, certificate = \"/nonexistent/node.pfx\" }", "'/nonexistent/node.pfx' does not exist")]
    [InlineData("actorvision.node.shutdown-timeout = 0s", "shutdown-timeout must be positive")]
    public void Invalid_cluster_settings_are_refused_with_the_key(string hocon, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => ActorVisionSettings.FromConfig(ConfigurationFactory.ParseString(hocon).WithFallback(Shipped())));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Remoting_TLS_without_a_cluster_CA_is_refused_and_checks_hostnames_unless_told_not_to()
    {
        var certificate = WriteCertificate("node", CreateAuthority("CN=ca"), "pw");
        var withoutCa = $$"""actorvision.node.tls { enabled = on, certificate = "{{certificate}}" }""";

        var error = Assert.Throws<ConfigurationException>(() => ActorVisionSettings.FromConfig(ConfigurationFactory.ParseString(withoutCa).WithFallback(Shipped())));

        Assert.Contains("trusted-ca", error.Message);
        Assert.Contains("publicly-rooted", error.Message);
        var withCa = ActorVisionSettings.FromConfig(ConfigurationFactory.ParseString(withoutCa + $$"""
            actorvision.node.tls.trusted-ca = "{{certificate}}"
            """).WithFallback(Shipped()));
        Assert.True(withCa.Node.Tls.ValidateHostname);
    }

    [Fact]
    public void The_PostgreSQL_password_comes_from_a_file_and_the_TLS_mode_applies_over_the_connection_string()
    {
        var password = Path.Combine(_folder, "postgres.password");
        File.WriteAllText(password, "s3cret-from-file\n");
        var ca = Path.Combine(_folder, "ca.crt");
        File.WriteAllText(ca, "not checked until a connection is made");
        var environment = new Dictionary<string, string>
        {
            ["AV_PERSISTENCE"] = "postgresql",
            ["AV_POSTGRES"] = "Host=db.internal;Database=actorvision;Username=av;SSL Mode=Disable",
            ["AV_POSTGRES_PASSWORD_FILE"] = password,
            ["AV_POSTGRES_SSL_MODE"] = "verify-full",
            ["AV_POSTGRES_ROOT_CERTIFICATE"] = ca,
        };

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(ActorVisionSettings.FromConfig(Shipped(environment.GetValueOrDefault)).Persistence.ConnectionString);

        Assert.Equal("s3cret-from-file", builder.Password);
        Assert.Equal(Npgsql.SslMode.VerifyFull, builder.SslMode);
        Assert.Equal(ca, builder.RootCertificate);
        environment.Remove("AV_POSTGRES_ROOT_CERTIFICATE");
        var unverifiable = Assert.Throws<ConfigurationException>(() => ActorVisionSettings.FromConfig(Shipped(environment.GetValueOrDefault)));
        Assert.Contains("postgresql-root-certificate", unverifiable.Message);
        environment["AV_POSTGRES_SSL_MODE"] = "sometimes";
        Assert.Contains("not one of disable", Assert.Throws<ConfigurationException>(() => ActorVisionSettings.FromConfig(Shipped(environment.GetValueOrDefault))).Message);
    }

    [Fact]
    public void The_shipped_PostgreSQL_connection_string_has_no_password()
    {
        var settings = ActorVisionSettings.FromConfig(Shipped(new Dictionary<string, string> { ["AV_PERSISTENCE"] = "postgresql" }.GetValueOrDefault));

        Assert.True(string.IsNullOrEmpty(new Npgsql.NpgsqlConnectionStringBuilder(settings.Persistence.ConnectionString).Password));
    }

    [Fact]
    public void A_wrong_certificate_password_is_a_configuration_error_naming_the_file()
    {
        var certificate = WriteCertificate("node", CreateAuthority("CN=ca"), "right");

        var error = Assert.Throws<ConfigurationException>(() => RemoteTls.Options(new RemoteTlsSettings(true, certificate, "wrong", "", false)));
        Assert.Contains(certificate, error.Message);
        Assert.Contains("wrong password", error.Message);
    }

    [Fact]
    public void The_peer_check_accepts_certificates_of_the_cluster_CA_only()
    {
        using var authority = CreateAuthority("CN=cluster-ca");
        using var stranger = CreateAuthority("CN=other-ca");
        using var member = X509CertificateLoader.LoadPkcs12FromFile(WriteCertificate("member", authority, "pw"), "pw");
        using var intruder = X509CertificateLoader.LoadPkcs12FromFile(WriteCertificate("intruder", stranger, "pw"), "pw");
        using var authorityOnly = X509CertificateLoader.LoadCertificate(authority.Export(X509ContentType.Cert));
        var validate = RemoteTls.Validator(authorityOnly, validateHostname: false);

        Assert.True(validate(member, null, "127.0.0.1", SslPolicyErrors.RemoteCertificateChainErrors, NoLogger.Instance));
        Assert.False(validate(intruder, null, "127.0.0.1", SslPolicyErrors.RemoteCertificateChainErrors, NoLogger.Instance));
        Assert.False(validate(null!, null, "127.0.0.1", SslPolicyErrors.RemoteCertificateNotAvailable, NoLogger.Instance));
        // Asked to check names, a certificate for another host is refused even from the right CA.
        Assert.False(RemoteTls.Validator(authorityOnly, validateHostname: true)(
            member, null, "10.0.0.9", SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors, NoLogger.Instance));
    }

    private static X509Certificate2 CreateAuthority(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2));
    }

    private string WriteCertificate(string name, X509Certificate2 issuer, string password)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        using var issued = request.Create(issuer, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);
        using var withKey = issued.CopyWithPrivateKey(key);
        var path = Path.Combine(_folder, name + ".pfx");
        File.WriteAllBytes(path, withKey.Export(X509ContentType.Pfx, password));
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
