using Grpc.Core;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Api;

/// <summary>ClusterAdmin and Models RPCs against a one-node cluster.</summary>
[Collection(ApiNodeCollection.Name)]
public sealed class ClusterAdminApiTests(ApiNodeFixture fixture)
{
    private string Self => $"akka.tcp://actorvision@127.0.0.1:{fixture.Node.AkkaPort}";

    [Fact]
    public async Task Members_list_this_node_as_self_and_leader_with_its_roles_and_up_time()
    {
        var reply = await fixture.Clients.Cluster.GetMembersAsync(new V1.GetMembersRequest());

        var member = Assert.Single(reply.Members);
        Assert.Equal(Self, member.Address);
        Assert.Equal("Up", member.Status);
        Assert.True(member.Reachable && member.IsLeader && member.IsSelf);
        Assert.Equal(["api", "inference", "ingest"], member.Roles);
        Assert.NotNull(member.UpSince);
        Assert.InRange(member.UpSince.ToDateTime(), DateTime.UtcNow.AddMinutes(-10), DateTime.UtcNow);
        Assert.Equal(Self, reply.Leader);
        Assert.Equal(Self, reply.SelfAddress);
    }

    [Fact]
    public async Task Shard_stats_count_the_cameras_on_the_node_that_holds_them()
    {
        foreach (var id in new[] { "stats-a", "stats-b", "stats-c" })
            await fixture.Clients.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = CameraSpecs.Live(id, fixture.Rtsp.CameraUrl) });

        var reply = await fixture.Clients.Cluster.GetShardStatsAsync(new V1.ShardStatsRequest { Region = "camera" });

        var region = Assert.Single(reply.Regions);
        Assert.Equal("camera", region.Region);
        Assert.Equal(Self, region.Node);
        Assert.True(region.Entities >= 3, $"{region.Entities} entities");
        Assert.Equal(region.Entities, region.EntitiesPerShard.Values.Sum());
        Assert.Equal(region.Shards, region.EntitiesPerShard.Count);
        Assert.Empty(reply.UnreachableNodes);

        var all = await fixture.Clients.Cluster.GetShardStatsAsync(new V1.ShardStatsRequest());
        Assert.Contains(all.Regions, r => r.Region == "camera");
        var unknown = await RpcAssert.FailsAsync(StatusCode.NotFound, () => fixture.Clients.Cluster.GetShardStatsAsync(new V1.ShardStatsRequest { Region = "lorries" }));
        Assert.Contains("lorries", unknown.Status.Detail);
    }

    [Fact]
    public async Task Membership_operations_name_the_member_or_say_what_is_wrong()
    {
        var cluster = fixture.Clients.Cluster;
        var malformed = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => cluster.LeaveAsync(new V1.AddressRequest { Address = "not an address" }));
        Assert.Equal(["address"], RpcAssert.FieldViolations(malformed));
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => cluster.DownAsync(new V1.AddressRequest()));
        var stranger = await RpcAssert.FailsAsync(StatusCode.NotFound,
            () => cluster.DownAsync(new V1.AddressRequest { Address = "akka.tcp://actorvision@127.0.0.1:1" }));
        Assert.Contains("akka.tcp://actorvision@127.0.0.1:1", stranger.Status.Detail);

        var none = await cluster.DownUnreachableAsync(new V1.DownUnreachableRequest());
        Assert.Empty(none.Affected);
        Assert.Equal("no member is unreachable", none.Message);
    }

    [Fact]
    public async Task Models_and_devices_come_from_the_catalog_and_the_device_routers()
    {
        var models = await fixture.Clients.Models.ListModelsAsync(new V1.ListModelsRequest());
        Assert.Equal(Self, models.Node);
        var face = Assert.Single(models.Models, m => m.Name == "face-front");
        Assert.Equal("blazeface", face.Adapter);
        Assert.Equal((128, 128), (face.InputWidth, face.InputHeight));
        Assert.Equal(["face"], face.Classes);
        Assert.Contains(models.Models, m => m.Name == "motion" && m.Adapter == "motion");

        var devices = await fixture.Clients.Models.ListDevicesAsync(new V1.ListDevicesRequest());
        var cpu = Assert.Single(devices.Devices);
        Assert.Equal(Self, cpu.Node);
        Assert.Equal("cpu", cpu.Device_);
        Assert.True(cpu.Workers > 0, $"{cpu.Workers} workers");
    }
}
