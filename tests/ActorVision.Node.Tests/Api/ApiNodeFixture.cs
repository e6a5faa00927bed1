using ActorVision.Node.Tests.Support;
using ActorVision.Tests;

namespace ActorVision.Node.Tests.Api;

/// <summary>
/// One real node (in process, SQLite, Kestrel on loopback) with an API key, and a real RTSP test server for cameras
/// that must run, shared by the API test classes of the <see cref="ApiNodeCollection"/>. Tests use camera ids of
/// their own, so they do not see each other's cameras change.
/// </summary>
public sealed class ApiNodeFixture : IAsyncLifetime
{
    public const string ApiKey = "test-key-5f1c-9a0e7d";

    public TestNode Node { get; private set; } = null!;
    public RtspTestServer Rtsp { get; private set; } = null!;
    public GrpcClients Clients { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Rtsp = RtspTestServer.Start();
        Node = await TestNode.StartAsync($$"""
            actorvision.api.api-key = "{{ApiKey}}"
            actorvision.cameras.status-interval = 200ms
            """);
        Clients = new GrpcClients(Node.GrpcAddress, ApiKey);
    }

    public GrpcClients ClientsWithKey(string? key) => new(Node.GrpcAddress, key);

    public async Task DisposeAsync()
    {
        Clients.Dispose();
        await Node.DisposeAsync();
        Rtsp.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiNodeCollection : ICollectionFixture<ApiNodeFixture>
{
    public const string Name = "api node";
}
