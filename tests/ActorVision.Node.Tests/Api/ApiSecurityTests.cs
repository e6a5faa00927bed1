using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Api;

/// <summary>The API key guards every service but gRPC health; credentials never come back in replies.</summary>
[Collection(ApiNodeCollection.Name)]
public sealed class ApiSecurityTests(ApiNodeFixture fixture)
{
    [Fact]
    public async Task Calls_without_the_key_or_with_a_wrong_key_are_Unauthenticated()
    {
        using var anonymous = fixture.ClientsWithKey(null);
        var missing = await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => anonymous.Cameras.ListCamerasAsync(new V1.ListCamerasRequest()));
        Assert.Contains("x-api-key", missing.Status.Detail);
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => anonymous.Cluster.GetMembersAsync(new V1.GetMembersRequest()));
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => anonymous.Models.ListModelsAsync(new V1.ListModelsRequest()));
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => anonymous.Events.QueryEventsAsync(new V1.EventQuery()));
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, async () =>
        {
            using var stream = anonymous.Events.SubscribeEvents(new V1.EventSubscription());
            await stream.ResponseStream.MoveNext();
        });

        using var wrong = fixture.ClientsWithKey("not-the-key");
        var rejected = await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => wrong.Cameras.ListCamerasAsync(new V1.ListCamerasRequest()));
        Assert.DoesNotContain("not-the-key", rejected.Status.Detail);
    }

    [Fact]
    public async Task Health_answers_without_a_key_and_reflection_with_one()
    {
        using var anonymous = fixture.ClientsWithKey(null);
        var health = new Health.HealthClient(anonymous.Invoker);
        var check = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, check.Status);
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, async () =>
        {
            using var refused = new ServerReflection.ServerReflectionClient(anonymous.Invoker).ServerReflectionInfo();
            await refused.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
            await refused.ResponseStream.MoveNext();
        });

        var reflection = new ServerReflection.ServerReflectionClient(fixture.Clients.Invoker);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToArray();
        Assert.Contains("actorvision.v1.Cameras", services);
        Assert.Contains("actorvision.v1.ClusterAdmin", services);
        Assert.Contains("actorvision.v1.Models", services);
        Assert.Contains("actorvision.v1.Events", services);
    }

    [Fact]
    public async Task Camera_credentials_are_redacted_in_every_reply()
    {
        var source = fixture.Rtsp.CameraUrl.Replace("rtsp://", "rtsp://admin:hunter2@") + "?token=abc123";
        var spec = CameraSpecs.Live("secretive", source);
        spec.Outputs = new V1.CameraOutputs { RtspPublishUrl = fixture.Rtsp.PublishUrl.Replace("rtsp://", "rtsp://pub:hunter2@") };
        var cameras = fixture.Clients.Cameras;
        var id = new V1.CameraIdRequest { CameraId = "secretive" };

        var replies = new List<string>
        {
            (await cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec })).ToString(),
            (await cameras.GetCameraAsync(id)).ToString(),
            (await cameras.ListCamerasAsync(new V1.ListCamerasRequest())).ToString(),
            (await cameras.GetCameraStatusAsync(id)).ToString(),
            (await cameras.UpdateCameraAsync(new V1.UpdateCameraRequest { Spec = spec })).ToString(),
            (await cameras.SetRulesAsync(new V1.SetRulesRequest { CameraId = "secretive" })).ToString(),
        };

        Assert.All(replies, reply =>
        {
            Assert.DoesNotContain("hunter2", reply);
            Assert.DoesNotContain("abc123", reply);
        });
        Assert.Contains("rtsp://***@127.0.0.1", replies[1]);
    }
}
