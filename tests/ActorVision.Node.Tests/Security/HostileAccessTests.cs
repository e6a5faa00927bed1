using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ActorVision.Node.Access;
using ActorVision.Node.Tests.Support;
using Grpc.Core;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Security;

/// <summary>
/// Every HTTP route and gRPC method of a node with keys, called without a key, with a wrong key, with the viewer key
/// and (for changes) the admin key: each refusal is the right status with a reason that says what to do, nothing
/// but the probes and the sign-in page answers a stranger, and the node is healthy afterwards.
/// </summary>
[Collection(SecuredNodeCollection.Name)]
public sealed class HostileAccessTests(SecuredNodeFixture fixture)
{
    private static readonly NodeSurface.HttpRoute[] Protected = NodeSurface.HttpRoutes.Where(r => r.Role is not null).ToArray();

    [Fact]
    public async Task Without_a_key_every_HTTP_route_but_the_probes_and_sign_in_is_refused_with_how_to_get_in()
    {
        using var http = fixture.Http();
        foreach (var route in Protected)
        {
            using var response = await SendAsync(http, route, "application/json");
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route}: {response.StatusCode}");
            Assert.Contains("x-api-key", ErrorOf(await response.Content.ReadAsStringAsync()));
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
        // A browser opening a page is sent to the sign-in page, and comes back where it was going.
        using var page = await SendAsync(http, Protected.Single(r => r.Pattern == "/dashboard/{*file}"), "text/html");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?return=%2Fdashboard%2Findex.html", page.Headers.Location?.OriginalString);

        // The probes answer, and say nothing but whether each check passed.
        var ready = await http.GetStringAsync("/ready");
        using (var json = JsonDocument.Parse(ready))
        {
            Assert.True(json.RootElement.GetProperty("ready").GetBoolean());
            Assert.All(json.RootElement.GetProperty("checks").EnumerateArray(), c => Assert.Equal(["name", "ok"], c.EnumerateObject().Select(p => p.Name)));
        }
        Assert.DoesNotContain("akka", ready);
        Assert.DoesNotContain("127.0.0.1", ready);
        Assert.Equal("\"alive\"", await http.GetStringAsync("/healthz"));
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task A_wrong_key_is_refused_as_wrong_on_every_HTTP_route_without_being_echoed()
    {
        using var http = fixture.Http(SecuredNodeFixture.WrongKey);
        foreach (var route in Protected)
        {
            using var response = await SendAsync(http, route, "application/json");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route}: {response.StatusCode}");
            Assert.Equal(KeyAuthentication.WrongKey, ErrorOf(body));
            Assert.DoesNotContain(SecuredNodeFixture.WrongKey, body);
        }
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task The_viewer_key_reaches_every_HTTP_route_and_so_does_a_bearer_token()
    {
        using var http = fixture.Http(SecuredNodeFixture.ViewerKey);
        foreach (var route in Protected)
        {
            using var response = await SendAsync(http, route, "application/json");
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{route}: {response.StatusCode}");
        }
        using var prometheus = fixture.Http();
        prometheus.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SecuredNodeFixture.ViewerKey);
        Assert.Equal(HttpStatusCode.OK, (await prometheus.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Without_a_key_every_gRPC_method_but_health_is_Unauthenticated()
    {
        using var clients = fixture.Grpc(null);
        foreach (var method in NodeSurface.GrpcMethods)
        {
            var status = await NodeSurface.CallAsync(clients.Invoker, method, apiKey: null);
            if (method.Role is null)
            {
                Assert.True(status.StatusCode == StatusCode.OK, $"{method}: {status}");
                continue;
            }
            Assert.True(status.StatusCode == StatusCode.Unauthenticated, $"{method}: {status}");
            Assert.Contains("x-api-key", status.Detail);
        }
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task A_wrong_key_is_Unauthenticated_on_every_gRPC_method_without_being_echoed()
    {
        using var clients = fixture.Grpc(null);
        foreach (var method in NodeSurface.GrpcMethods.Where(m => m.Role is not null))
        {
            var status = await NodeSurface.CallAsync(clients.Invoker, method, SecuredNodeFixture.WrongKey);
            Assert.True(status.StatusCode == StatusCode.Unauthenticated, $"{method}: {status}");
            Assert.Equal(KeyAuthentication.WrongKey, status.Detail);
        }
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task The_viewer_key_is_PermissionDenied_on_every_change_and_served_on_every_read()
    {
        using var clients = fixture.Grpc(null);
        foreach (var method in NodeSurface.GrpcMethods.Where(m => m.Role is not null))
        {
            var status = await NodeSurface.CallAsync(clients.Invoker, method, SecuredNodeFixture.ViewerKey);
            if (method.Role == AccessRole.Admin)
            {
                Assert.True(status.StatusCode == StatusCode.PermissionDenied, $"{method}: {status}");
                Assert.Equal("this needs an admin key; 'viewer' is a viewer key", status.Detail);
            }
            else
            {
                // Empty requests are often invalid, and streams time out: anything but a refusal of the key.
                Assert.True(status.StatusCode is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied), $"{method}: {status}");
            }
        }
        // The admin key gets past the door of every change (and an empty request is then refused for what it is).
        foreach (var method in NodeSurface.GrpcMethods.Where(m => m.Role == AccessRole.Admin && m.Name != "DownUnreachable"))
        {
            var status = await NodeSurface.CallAsync(clients.Invoker, method, SecuredNodeFixture.AdminKey);
            Assert.True(status.StatusCode is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied), $"{method}: {status}");
        }
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task Each_port_serves_only_its_own_routes_whatever_the_Host_header_says()
    {
        // HTTP routes asked on the gRPC port (HTTP/2): not there.
        using var grpcPort = new HttpClient(new SocketsHttpHandler()) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        grpcPort.DefaultRequestHeaders.Add("x-api-key", SecuredNodeFixture.ViewerKey);
        foreach (var route in Protected.Where(r => r.Verb == HttpMethod.Get))
            Assert.Equal(HttpStatusCode.NotFound, (await grpcPort.GetAsync(new Uri(fixture.Node.GrpcAddress, route.Path))).StatusCode);

        // A gRPC method asked on the HTTP port (HTTP/1.1 only), naming the gRPC port in Host: not there either.
        using var httpPort = fixture.Http(SecuredNodeFixture.ViewerKey);
        using var call = new HttpRequestMessage(HttpMethod.Post, "/actorvision.v1.Models/ListModels") { Content = new ByteArrayContent([0, 0, 0, 0, 0]) };
        call.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        call.Headers.Host = $"127.0.0.1:{fixture.Node.GrpcPort}";
        using var answer = await httpPort.SendAsync(call);
        Assert.False(answer.Headers.TryGetValues("grpc-status", out var grpcStatus) && grpcStatus.Single() == "0", $"served a gRPC call on the HTTP port: {answer.StatusCode}");
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task A_request_naming_a_host_the_node_does_not_answer_to_is_refused()
    {
        // DNS rebinding: a page of evil.example whose name now resolves to the node.
        using var http = fixture.Http(SecuredNodeFixture.ViewerKey);
        foreach (var path in new[] { "/healthz", "/api/dashboard/state", "/dashboard/index.html" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = "evil.example";
            Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(request)).StatusCode);
        }
        using var local = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        local.Headers.Host = $"localhost:{fixture.Node.HttpPort}";
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(local)).StatusCode);
    }

    [Fact]
    public async Task Signing_in_sets_a_strict_session_cookie_that_opens_the_dashboard_and_a_forged_one_opens_nothing()
    {
        using var http = fixture.Http();
        using var signIn = await http.PostAsync("/login", Form(("key", SecuredNodeFixture.ViewerKey), ("return", "/dashboard/#cameras")));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/dashboard/#cameras", signIn.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(SecuredNodeFixture.ViewerKey, setCookie);
        var cookie = setCookie.Split(';')[0];

        Assert.Equal(HttpStatusCode.OK, (await WithCookie(http, "/api/dashboard/state", cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(http, "/dashboard/index.html", cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await WithCookie(http, "/jobs/j-0000000000000000/results/csv", cookie)).StatusCode);

        // The same session raised to admin, or stretched: the signature no longer holds.
        var value = cookie[(SessionTokens.CookieName.Length + 1)..];
        foreach (var forged in new[] { "admin" + value["viewer".Length..], value.Replace(value.Split('.')[2], "4102444800", StringComparison.Ordinal) })
        {
            using var refused = await WithCookie(http, "/api/dashboard/state", $"{SessionTokens.CookieName}={forged}");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal(KeyAuthentication.SessionEnded, ErrorOf(await refused.Content.ReadAsStringAsync()));
        }

        // A wrong key goes back to the form; a return address off the node is ignored; another site cannot sign in.
        using var wrong = await http.PostAsync("/login", Form(("key", SecuredNodeFixture.WrongKey), ("return", "//evil.example/")));
        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        Assert.Equal("/login?error=1&return=%2Fdashboard%2F", wrong.Headers.Location?.OriginalString);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
        Assert.Contains("That key is not valid", await http.GetStringAsync(wrong.Headers.Location));
        using var offsite = await http.PostAsync("/login", Form(("key", SecuredNodeFixture.ViewerKey), ("return", "https://evil.example/")));
        Assert.Equal("/dashboard/", offsite.Headers.Location?.OriginalString);
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = Form(("key", SecuredNodeFixture.ViewerKey)) };
        crossSite.Headers.Add("Origin", "https://evil.example");
        using var crossSiteAnswer = await http.SendAsync(crossSite);
        Assert.Equal(HttpStatusCode.Forbidden, crossSiteAnswer.StatusCode);
        Assert.False(crossSiteAnswer.Headers.Contains("Set-Cookie"));
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task Avctl_with_the_viewer_key_reads_but_is_told_a_change_needs_the_admin_key()
    {
        var environment = new Dictionary<string, string?> { ["AV_API_KEY"] = SecuredNodeFixture.ViewerKey };

        var list = await Avctl.RunAsync(fixture.Node.GrpcAddress, ["camera", "ls"], environment);
        var remove = await Avctl.RunAsync(fixture.Node.GrpcAddress, ["cluster", "down-unreachable"], environment);

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.True(remove.ExitCode == 6, remove.ToString());
        Assert.Equal("avctl: the API key may not do this: this needs an admin key; 'viewer' is a viewer key", remove.Stderr.Trim());
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, NodeSurface.HttpRoute route, string accept)
    {
        using var request = new HttpRequestMessage(route.Verb, route.Path);
        request.Headers.Accept.ParseAdd(accept);
        // Streams (server push, live view) answer with headers first: read no further.
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async Task<HttpResponseMessage> WithCookie(HttpClient http, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await http.SendAsync(request);
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    private static string ErrorOf(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("error").GetString()!;
    }
}
