using System.Net;
using System.Text.Json;
using ActorVision.Node.Tests.Api;
using ActorVision.Node.Tests.Support;
using Google.Rpc;
using Grpc.Core;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Capacity;

/// <summary>
/// A node's capacity as operators see it: <c>GetMembers</c> (what <c>avctl cluster show</c> prints) and <c>/ready</c>;
/// and admission (on here; in-process test nodes have it off): a node made full on purpose (a hundredth of a core to
/// use) refuses a new camera with the numbers, and takes it when forced.
/// </summary>
public sealed class CapacityApiTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_node_reports_its_load_and_headroom_to_cluster_show_and_to_ready()
    {
        await using var node = await TestNode.StartAsync();
        using var grpc = new GrpcClients(node.GrpcAddress);
        using var http = new HttpClient { BaseAddress = node.HttpAddress };

        var members = await Eventually.GetAsync(async () => await grpc.Cluster.GetMembersAsync(new V1.GetMembersRequest()),
            m => m.Members.Single().Capacity is { CapacityCores: > 0 }, Timeout, "a capacity report", m => m.ToString());

        var capacity = members.Members.Single().Capacity;
        Assert.Equal(Environment.ProcessorCount * 0.8, capacity.CapacityCores, 6);
        Assert.Equal(capacity.CapacityCores - capacity.UsedCores, capacity.HeadroomCores, 6);
        Assert.Equal(0, capacity.Cameras);
        var (status, ready) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(ready.RootElement.GetProperty("status").GetString(), new[] { "ready", "degraded" });
        Assert.Contains("cores", Check(ready, "capacity").GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_full_node_is_degraded_refuses_a_new_camera_with_the_numbers_and_takes_it_when_forced()
    {
        await using var node = await TestNode.StartAsync("actorvision.capacity { cores = 0.01, admission = on }");
        using var grpc = new GrpcClients(node.GrpcAddress);
        using var http = new HttpClient { BaseAddress = node.HttpAddress };
        await Eventually.GetAsync(async () => await grpc.Cluster.GetMembersAsync(new V1.GetMembersRequest()),
            m => m.Members.Single().Capacity is { OverCapacity: true }, Timeout, "the node over capacity", m => m.ToString());

        // Still ready (it serves, and its cameras keep running), but degraded, with why.
        var (status, ready) = await ReadyAsync(http);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("degraded", ready.RootElement.GetProperty("status").GetString());
        var check = Check(ready, "capacity");
        Assert.True(check.GetProperty("degraded").GetBoolean());
        Assert.StartsWith("over capacity: CPU ", check.GetProperty("detail").GetString());

        var spec = new V1.CameraSpec
        {
            Id = "big-door", SourceUrl = "rtsp://127.0.0.1:1/none", Models = { "motion" }, AnalysisFps = 5, AnalysisWidth = 1920, AnalysisHeight = 1080,
        };
        var refused = await RpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => grpc.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec, Start = true }));
        Assert.Contains("no ingest node has room for camera 'big-door': it needs about 0.11 cores (1920x1080 at 5 fps with motion)", refused.Status.Detail);
        Assert.Contains("over capacity (CPU ", refused.Status.Detail);
        Assert.EndsWith("or force it (--force)", refused.Status.Detail);
        var info = refused.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal("CLUSTER_FULL", info.Reason);
        Assert.Equal("0.112", info.Metadata["camera_cores"]);
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => grpc.Cameras.GetCameraAsync(new V1.CameraIdRequest { CameraId = "big-door" }));

        // A camera that does not start takes nothing and is added; a forced one starts.
        var idle = spec.Clone();
        idle.Id = "idle-door";
        await grpc.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = idle });
        var forced = await grpc.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec, Start = true, Force = true });
        Assert.Equal("big-door", forced.Camera.Spec.Id);
    }

    private static async Task<(HttpStatusCode Status, JsonDocument Body)> ReadyAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/ready");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static JsonElement Check(JsonDocument ready, string name) =>
        ready.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
}
