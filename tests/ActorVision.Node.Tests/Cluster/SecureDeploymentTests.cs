using System.Security.Cryptography.X509Certificates;
using ActorVision.Cluster.Configuration;
using ActorVision.Cluster.Hosting;
using ActorVision.Node.Access;
using ActorVision.Node.Configuration;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;
using Akka.Cluster;
using Akka.Configuration;
using static ActorVision.Node.Tests.Cluster.DeploymentFiles;

namespace ActorVision.Node.Tests.Cluster;

/// <summary>
/// deploy/ is secure by default: what the compose and Kubernetes files give each node (keys from secrets, mutual
/// remoting TLS with a private CA and hostnames checked, the API over TLS, PostgreSQL over verified TLS without a
/// default password, Grafana behind its login, remoting closed to all but the nodes), checked by parsing the files, and
/// the compose secrets made for real and used by real nodes.
/// </summary>
public sealed class SecureDeploymentTests
{
    private static readonly string[] Nodes = ["node1", "node2", "node3"];
    private static string ComposeFile => Path.Combine(Deploy, "compose", "docker-compose.yml");
    private static string KubernetesFolder => Path.Combine(Deploy, "kubernetes");

    [Fact]
    public void The_compose_secrets_are_random_made_once_and_a_certificate_per_node_names_it()
    {
        using var secrets = ComposeSecrets.Make();
        var first = Nodes.Select(n => File.ReadAllBytes(secrets.PathOf(n + ".pfx"))).ToArray();

        Assert.Contains("already made", secrets.Run());
        Assert.Equal(first, Nodes.Select(n => File.ReadAllBytes(secrets.PathOf(n + ".pfx"))));
        foreach (var key in new[] { "admin.key", "viewer.key" })
            Assert.Null(AccessKeys.Problem(secrets.Read(key)));
        Assert.NotEqual(secrets.Read("admin.key"), secrets.Read("viewer.key"));
        Assert.All(new[] { "postgres.password", "grafana.password" }, p => Assert.True(secrets.Read(p).Length >= 32, p));
        Assert.False(File.Exists(secrets.PathOf("ca.key")), "the CA's private key must not stay in the volume");

        using var authority = X509CertificateLoader.LoadCertificateFromFile(secrets.PathOf("ca.crt"));
        foreach (var node in Nodes)
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(secrets.PathOf(node + ".pfx"), null);
            Assert.True(certificate.HasPrivateKey);
            Assert.True(certificate.MatchesHostname(node), $"{node}'s certificate does not name it");
            Assert.True(certificate.MatchesHostname("localhost"));
            Assert.False(certificate.MatchesHostname(Nodes.First(n => n != node)));
            using var chain = new X509Chain { ChainPolicy = { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck } };
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            Assert.True(chain.Build(certificate), $"{node}'s certificate does not chain to the compose CA");
        }
        using var postgres = X509CertificateLoader.LoadCertificateFromFile(secrets.PathOf("postgres.crt"));
        Assert.True(postgres.MatchesHostname("postgres"));
    }

    [Fact]
    public void Each_compose_node_starts_secure_keys_from_the_secrets_remoting_and_API_over_TLS_PostgreSQL_verified()
    {
        using var secrets = ComposeSecrets.Make();
        var services = Map(At(Documents(ComposeFile).Single(), "services"), "services");
        foreach (var name in Nodes)
        {
            var environment = Map(At(services[name], "environment"), name).ToDictionary(e => (string)e.Key, e => ((string)e.Value).Replace("/secrets/", secrets.Folder + "/", StringComparison.Ordinal));
            var config = HoconFiles.Load(HoconFolder, [], environment.Concat(ImageEnvironment()).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.First().Value).GetValueOrDefault);
            var settings = ActorVisionSettings.FromConfig(config);
            var api = ApiSettings.FromConfig(config.GetConfig("actorvision.api"));
            var access = AccessSettings.FromConfig(config.GetConfig("actorvision.api"), []);

            // Reachable from the network, and allowed to start: keys, TLS on both sides.
            Assert.Equal("0.0.0.0", api.BindAddress);
            Assert.Empty(Exposure.Check(api.BindAddress, access.Keys, api.UsesTls, settings.Node.Hostname, settings.Node.Tls.Enabled, config.GetBoolean("actorvision.insecure")));
            Assert.Equal(new Caller("admin", AccessRole.Admin), access.Keys.Find(secrets.Read("admin.key")));
            Assert.Equal(new Caller("viewer", AccessRole.Viewer), access.Keys.Find(secrets.Read("viewer.key")));
            Assert.True(settings.Node.Tls is { Enabled: true, ValidateHostname: true });
            Assert.Equal(secrets.PathOf("ca.crt"), settings.Node.Tls.TrustedCertificateAuthority);
            Assert.NotNull(RemoteTls.Options(settings.Node.Tls).X509Certificate);
            using (var certificate = X509CertificateLoader.LoadPkcs12FromFile(api.TlsCertificate, null))
                Assert.True(certificate.MatchesHostname(settings.Node.PublicHostname));

            var database = new Npgsql.NpgsqlConnectionStringBuilder(settings.Persistence.ConnectionString);
            Assert.Equal(Npgsql.SslMode.VerifyFull, database.SslMode);
            Assert.Equal(secrets.Read("postgres.password"), database.Password);
            Assert.DoesNotContain("Password", (string)Map(At(services[name], "environment"), name)["AV_POSTGRES"], StringComparison.OrdinalIgnoreCase);
        }

        // PostgreSQL and Grafana take their passwords from the secrets; Grafana asks for a login; Prometheus scrapes
        // over TLS with the viewer key; the volume is made before anything starts.
        Assert.Equal("/secrets/postgres.password", Text(services["postgres"], "environment", "POSTGRES_PASSWORD_FILE"));
        Assert.Contains("ssl=on", List(At(services["postgres"], "command"), "postgres command"));
        var grafana = Map(At(services["grafana"], "environment"), "grafana");
        Assert.Equal("false", grafana["GF_AUTH_ANONYMOUS_ENABLED"]);
        Assert.Equal("/secrets/grafana.password", grafana["GF_SECURITY_ADMIN_PASSWORD__FILE"]);
        var scrape = List(At(Documents(Path.Combine(Deploy, "prometheus", "prometheus.yml")).Single(), "scrape_configs"), "scrape_configs").Single();
        Assert.Equal("https", Text(scrape, "scheme"));
        Assert.Equal("/secrets/ca.crt", Text(scrape, "tls_config", "ca_file"));
        Assert.Equal("/secrets/viewer.key", Text(scrape, "authorization", "credentials_file"));
        foreach (var name in Nodes.Append("postgres").Append("prometheus"))
            Assert.Equal("service_completed_successfully", Text(services[name], "depends_on", "secrets", "condition"));
        Assert.All(services.Values.SelectMany(s => At(s, "ports") as List<object> ?? []), p => Assert.StartsWith("127.0.0.1:", (string)p));
        Assert.DoesNotContain("change-me", File.ReadAllText(ComposeFile));
        Assert.DoesNotContain("Password=", File.ReadAllText(ComposeFile));
    }

    [Fact]
    public void Kubernetes_keeps_remoting_to_the_nodes_names_every_pod_in_its_certificate_and_reads_every_secret_from_a_Secret()
    {
        var documents = Directory.GetFiles(KubernetesFolder, "*.yaml").Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal))
            .SelectMany(Documents).ToArray();
        var kustomization = Documents(Path.Combine(KubernetesFolder, "kustomization.yaml")).Single();
        Assert.Contains("network-policy.yaml", List(At(kustomization, "resources"), "resources"));
        Assert.Contains("certificates.yaml", List(At(kustomization, "resources"), "resources"));
        Assert.DoesNotContain(documents, d => Text(d, "kind") == "Secret");

        // Remoting: only pods of the cluster may reach 4053.
        var policy = documents.Single(d => Text(d, "kind") == "NetworkPolicy");
        Assert.Equal("actorvision", Text(policy, "spec", "podSelector", "matchLabels", "app"));
        var remotingRule = List(At(policy, "spec", "ingress"), "ingress").Single(r => List(At(r, "ports"), "ports").Any(p => Text(p, "port") == "4053"));
        Assert.Equal("actorvision", Text(List(At(remotingRule, "from"), "from").Single(), "podSelector", "matchLabels", "app"));
        Assert.Single(List(At(remotingRule, "ports"), "ports"));

        // The node certificate names every pod's host as the nodes dial it, and is the Secret the pods mount.
        var statefulSet = documents.Single(d => Text(d, "kind") == "StatefulSet");
        var pod = At(statefulSet, "spec", "template", "spec");
        var container = List(At(pod, "containers"), "containers").Single();
        var environment = List(At(container, "env"), "env").ToDictionary(e => Text(e, "name"), e => e);
        var certificate = documents.Single(d => Text(d, "kind") == "Certificate" && Text(d, "metadata", "name") == "actorvision-node");
        var dnsNames = List(At(certificate, "spec", "dnsNames"), "dnsNames").Cast<string>().ToArray();
        var podHost = Text(environment["AV_K8S_POD_HOST"], "value").Replace("{name}", "actorvision-2").Replace("{namespace}", "actorvision");
        Assert.Contains(dnsNames, n => n.StartsWith("*.", StringComparison.Ordinal) && podHost.EndsWith(n[1..], StringComparison.Ordinal) && !podHost[..^(n.Length - 1)].Contains('.'));
        Assert.Contains("localhost", dnsNames); // the preStop hook's avctl
        var volumes = List(At(pod, "volumes"), "volumes").Where(v => At(v, "secret") is not null).ToDictionary(v => Text(v, "name"), v => Text(v, "secret", "secretName"));
        Assert.Equal(Text(certificate, "spec", "secretName"), volumes["tls"]);
        Assert.Equal(Text(certificate, "spec", "keystores", "pkcs12", "passwordSecretRef", "name"),
            Text(environment["AV_REMOTE_TLS_CERTIFICATE_PASSWORD"], "valueFrom", "secretKeyRef", "name"));
        Assert.True(Text(certificate, "spec", "issuerRef", "name") is var issuer
            && documents.Any(d => Text(d, "kind") == "Issuer" && Text(d, "metadata", "name") == issuer && At(d, "spec", "ca") is not null));

        // Keys, the TLS password and the database come from Secrets (files or secretKeyRef), never from a literal.
        Assert.Equal("/secrets/keys/admin.key", Text(environment["AV_API_KEY_FILE"], "value"));
        Assert.Equal("/secrets/keys/viewer.key", Text(environment["AV_VIEWER_KEY_FILE"], "value"));
        Assert.Equal("actorvision-keys", volumes["keys"]);
        Assert.Equal("actorvision-postgres", volumes["postgres"]);
        Assert.Equal("verify-full", Text(environment["AV_POSTGRES_SSL_MODE"], "value"));
        Assert.Equal("on", Text(environment["AV_REMOTE_TLS"], "value"));
        Assert.Equal("on", Text(environment["AV_REMOTE_TLS_VALIDATE_HOSTNAME"], "value"));
        Assert.DoesNotContain(environment.Values, e => Text(e, "name") is var n && !n.EndsWith("_FILE", StringComparison.Ordinal)
            && (n.Contains("PASSWORD", StringComparison.Ordinal) || n.EndsWith("_KEY", StringComparison.Ordinal)) && At(e, "value") is not null);
    }

    [Fact]
    public async Task Nodes_with_the_compose_secrets_form_a_TLS_cluster_that_avctl_reaches_with_the_CA_and_the_admin_key()
    {
        using var secrets = ComposeSecrets.Make();
        var firstPort = ActorVision.Tests.TestPorts.Next();
        // On loopback, where each certificate names 127.0.0.1 as well as its node.
        string Node(string name) => $$"""
            actorvision.node.seed-nodes = ["akka.ssl.tcp://actorvision@127.0.0.1:{{firstPort}}"]
            actorvision.node.tls { enabled = on, certificate = "{{secrets.PathOf(name + ".pfx")}}", trusted-ca = "{{secrets.PathOf("ca.crt")}}" }
            actorvision.api {
              api-key-file = "{{secrets.PathOf("admin.key")}}"
              viewer-key-file = "{{secrets.PathOf("viewer.key")}}"
              tls-certificate = "{{secrets.PathOf(name + ".pfx")}}"
            }
            """;
        await using var first = await TestNode.StartAsync(Node("node1"), akkaPort: firstPort);
        await using var second = await TestNode.StartAsync(Node("node2"));
        await Eventually.GetAsync(() => Task.FromResult(Akka.Cluster.Cluster.Get(first.System).State.Members.Count(m => m.Status == MemberStatus.Up)),
            up => up == 2, TimeSpan.FromSeconds(90), "both nodes up");

        var run = await Avctl.RunAsync(new Uri($"https://localhost:{second.GrpcPort}"), ["cluster", "show", "--ca-file", secrets.PathOf("ca.crt"), "--output", "json"],
            new Dictionary<string, string?> { ["AV_API_KEY"] = secrets.Read("admin.key") });

        Assert.True(run.ExitCode == 0, run.ToString());
        using var members = System.Text.Json.JsonDocument.Parse(run.Stdout);
        var addresses = members.RootElement.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("address").GetString()).ToArray();
        Assert.Equal(2, addresses.Length);
        Assert.All(addresses, a => Assert.StartsWith("akka.ssl.tcp://actorvision@127.0.0.1:", a));
    }
}
