using ActorVision.Node.Tests.Support;
using Google.Rpc;
using Grpc.Core;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Api;

/// <summary>
/// A cluster whose cameras cannot be reached (here: its only node has the api role and no ingest node exists, as
/// while every ingest node fails over) answers Unavailable with retry advice once the camera client's deadline passed.
/// </summary>
public sealed class UnavailableApiTests(UnavailableApiTests.ApiOnlyNode fixture) : IClassFixture<UnavailableApiTests.ApiOnlyNode>
{
    private readonly GrpcClients _clients = fixture.Clients;

    public sealed class ApiOnlyNode : IAsyncLifetime
    {
        private TestNode _node = null!;

        public GrpcClients Clients { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _node = await TestNode.StartAsync("""
                actorvision.node.roles = [api]
                actorvision.camera-client { ask-timeout = 300ms, deadline = 1500ms, retry-after = 1200ms }
                # A region proxy with no coordinator anywhere waits out this phase on shutdown.
                akka.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = 2s
                """);
            Clients = new GrpcClients(_node.GrpcAddress);
        }

        public async Task DisposeAsync()
        {
            Clients.Dispose();
            await _node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Camera_calls_answer_Unavailable_with_a_retry_after_trailer_and_retry_info()
    {
        var error = await RpcAssert.FailsAsync(StatusCode.Unavailable,
            () => _clients.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = CameraSpecs.Live("unreachable", "rtsp://127.0.0.1:9/none") }));

        Assert.Contains("camera 'unreachable'", error.Status.Detail);
        Assert.Equal("1200", error.Trailers.GetValue("retry-after-ms"));
        var retry = error.GetRpcStatus()?.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.Equal(TimeSpan.FromMilliseconds(1200), retry.RetryDelay.ToTimeSpan());

        await RpcAssert.FailsAsync(StatusCode.Unavailable, () => _clients.Cameras.GetCameraStatusAsync(new V1.CameraIdRequest { CameraId = "unreachable" }));
    }

    [Fact]
    public async Task A_client_deadline_shorter_than_the_configured_one_is_honoured()
    {
        // The node answers before the caller's deadline, so the caller learns Unavailable (retry) rather than DeadlineExceeded.
        var error = await RpcAssert.FailsAsync(StatusCode.Unavailable, () => _clients.Cameras.GetCameraAsync(
            new V1.CameraIdRequest { CameraId = "unreachable" }, deadline: DateTime.UtcNow.AddMilliseconds(900)));
        Assert.NotNull(error.Trailers.GetValue("retry-after-ms"));
    }
}
