using System.Net;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;

namespace ActorVision.Node.Tests.Security;

/// <summary>
/// One node as a real process with an admin key and a viewer key (and a cap of three cameras), shared by the
/// hostile-input tests of the <see cref="SecuredNodeCollection"/>. Its request rate is not limited, so that the tests
/// that call it thousands of times see what each call does; the rate limiter has tests of its own.
/// </summary>
public sealed class SecuredNodeFixture : IAsyncLifetime
{
    public const string AdminKey = "admin-key-hostile-7f3a9c21d4";
    public const string ViewerKey = "viewer-key-hostile-5b8e0f64a2";
    public const string WrongKey = "wrong-key-hostile-000000000000";
    public const int MaxCameras = 3;

    public NodeProcess Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await NodeProcess.StartAsync("hostile", $$"""
            actorvision.api {
              api-key = "{{AdminKey}}"
              viewer-key = "{{ViewerKey}}"
              limits { requests-per-second = 0, unauthenticated-requests-per-second = 0 }
            }
            actorvision.cameras.max-per-node = {{MaxCameras}}
            """);
        await Node.WaitUntilReadyAsync();
    }

    public Task DisposeAsync()
    {
        Node.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A client of the HTTP port that sends <paramref name="key"/> (none when null) and follows no redirect.</summary>
    public HttpClient Http(string? key = null)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Node.HttpAddress };
        if (key is not null) http.DefaultRequestHeaders.Add("x-api-key", key);
        return http;
    }

    public GrpcClients Grpc(string? key) => new(Node.GrpcAddress, key);

    /// <summary>The node still runs and answers its probes: what every hostile test ends with.</summary>
    public async Task AssertHealthyAsync()
    {
        Assert.True(Node.IsRunning, "the node process exited:\n" + Node.Log());
        using var http = Http();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/ready")).StatusCode);
    }
}

[CollectionDefinition(Name)]
public sealed class SecuredNodeCollection : ICollectionFixture<SecuredNodeFixture>
{
    public const string Name = "secured node";
}
