using System.Net;
using ActorVision.Node.Access;
using ActorVision.Tests;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ActorVision.Node.Tests.Security;

/// <summary>The access model's fallback: a route mapped without a role is refused to everyone, admins included.</summary>
public sealed class DenyByDefaultTests
{
    [Fact]
    public async Task A_route_that_declares_no_role_is_refused_even_to_an_admin()
    {
        const string key = "admin-key-0123456789abcdef";
        var port = TestPorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port, o =>
        {
            o.Protocols = HttpProtocols.Http1;
            o.Serve(Listener.Http);
        }));
        builder.Services.AddAccess(new AccessSettings(new AccessKeys([(new Caller("admin", AccessRole.Admin), key)]), ["*"], TimeSpan.FromHours(1)),
            RequestLimits.Default);
        await using var app = builder.Build();
        app.UseAccess();
        app.MapGet("/forgotten", () => "should never answer");
        app.MapGet("/declared", () => "answers").Requires(AccessRole.Viewer);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Add("x-api-key", key);

        using var forgotten = await http.GetAsync("/forgotten");

        Assert.Equal(HttpStatusCode.Forbidden, forgotten.StatusCode);
        Assert.Contains("declares no role", await forgotten.Content.ReadAsStringAsync());
        Assert.Equal("answers", await http.GetStringAsync("/declared"));
        await app.StopAsync();
    }
}
