using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorVision.Node.Tests.Support;
using Grpc.Core;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Api;

/// <summary>
/// The gRPC endpoint over TLS with the API key required: a certificate made by the test (self-signed for 127.0.0.1),
/// clients that pin it, and the failures an operator meets (no key, cleartext, an untrusted certificate).
/// </summary>
public sealed class ApiTlsTests : IAsyncLifetime
{
    private const string ApiKey = "tls-key-3d7e-8b61a4";
    private const string CertificatePassword = "pfx-pass-82";
    private readonly string _folder = Directory.CreateTempSubdirectory("av-tls-").FullName;
    private string _thumbprint = "";
    private string _certificatePem = "";
    private TestNode _node = null!;

    private Uri Https => new($"https://127.0.0.1:{_node.GrpcPort}");

    public async Task InitializeAsync()
    {
        var pfx = Path.Combine(_folder, "api.pfx");
        using (var certificate = SelfSigned())
        {
            _thumbprint = certificate.Thumbprint;
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, CertificatePassword));
            // Self-signed: the certificate is its own CA, what avctl --ca-file is given.
            _certificatePem = Path.Combine(_folder, "api.pem");
            await File.WriteAllTextAsync(_certificatePem, certificate.ExportCertificatePem());
        }
        _node = await TestNode.StartAsync($$"""
            actorvision.api {
              api-key = "{{ApiKey}}"
              tls-certificate = "{{pfx}}"
              tls-certificate-password = "{{CertificatePassword}}"
            }
            """);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_client_that_trusts_the_certificate_and_sends_the_key_is_served()
    {
        using var clients = new GrpcClients(Https, ApiKey, Pinned());
        var members = await clients.Cluster.GetMembersAsync(new V1.GetMembersRequest());
        Assert.Single(members.Members);
        var cameras = await clients.Cameras.ListCamerasAsync(new V1.ListCamerasRequest());
        Assert.Empty(cameras.Cameras);
    }

    [Fact]
    public async Task Without_the_key_the_call_is_Unauthenticated_even_over_TLS()
    {
        using var clients = new GrpcClients(Https, apiKey: null, Pinned());
        var error = await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => clients.Cameras.ListCamerasAsync(new V1.ListCamerasRequest()));
        Assert.Contains("x-api-key", error.Status.Detail);
        using var wrong = new GrpcClients(Https, "not-the-key", Pinned());
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => wrong.Cluster.GetMembersAsync(new V1.GetMembersRequest()));
    }

    [Fact]
    public async Task Cleartext_and_untrusted_clients_do_not_get_through()
    {
        using var cleartext = new GrpcClients(new Uri($"http://127.0.0.1:{_node.GrpcPort}"), ApiKey);
        var plain = await Assert.ThrowsAsync<RpcException>(() => cleartext.Cameras.ListCamerasAsync(new V1.ListCamerasRequest()).ResponseAsync);
        Assert.NotEqual(StatusCode.OK, plain.StatusCode);

        // The system's trust store does not know a self-signed certificate: the handshake fails, nothing is sent.
        using var untrusting = new GrpcClients(Https, ApiKey, new SocketsHttpHandler());
        var untrusted = await Assert.ThrowsAsync<RpcException>(() => untrusting.Cameras.ListCamerasAsync(new V1.ListCamerasRequest()).ResponseAsync);
        Assert.NotEqual(StatusCode.OK, untrusted.StatusCode);
        var causes = new List<Exception>();
        for (var e = untrusted.Status.DebugException; e is not null; e = e.InnerException) causes.Add(e);
        Assert.Contains(causes, e => e is System.Security.Authentication.AuthenticationException);
    }

    [Fact]
    public async Task Avctl_trusts_a_node_whose_certificate_its_CA_file_signs()
    {
        var run = await Avctl.RunAsync(Https, ["cluster", "show", "--ca-file", _certificatePem],
            new Dictionary<string, string?> { ["AV_API_KEY"] = ApiKey });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("127.0.0.1", run.Stdout);
    }

    [Fact]
    public async Task The_HTTP_port_serves_TLS_too_and_its_session_cookie_is_Secure()
    {
        using var http = new HttpClient(new SocketsHttpHandler { SslOptions = Pinned().SslOptions, AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri($"https://127.0.0.1:{_node.HttpPort}"),
        };
        using var metrics = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "Authorization", "Bearer " + ApiKey } } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(metrics)).StatusCode);

        using var signIn = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = ApiKey }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        using var cleartext = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_node.HttpPort}") };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => cleartext.GetAsync("/healthz"));
    }

    /// <summary>Trusts exactly the test's certificate (by thumbprint), nothing else.</summary>
    private SocketsHttpHandler Pinned() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.GetCertHashString(), _thumbprint, StringComparison.OrdinalIgnoreCase),
        },
    };

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
