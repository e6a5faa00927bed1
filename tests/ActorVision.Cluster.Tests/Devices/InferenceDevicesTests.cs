using ActorVision.Cluster.Devices;
using ActorVision.Inference.Models;
using ActorVision.Tests;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;

namespace ActorVision.Cluster.Tests.Devices;

public sealed class InferenceDevicesTests() : TestKit(RouterFixture.Config)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_gpu_device_on_the_cpu_build_falls_back_where_allowed_and_is_named_unavailable_where_not()
    {
        var catalog = RouterFixture.ShippedCatalog("actorvision.inference.models.face-back.allow-cpu-fallback = off");
        var settings = InferenceSettings.FromConfig(ConfigurationFactory.ParseString("""actorvision.inference { devices = [cpu, "cuda:0"], router { workers = 1, max-delay = 0ms } }"""));

        var routers = InferenceDevices.Start(Sys, settings, catalog);

        Assert.Equal("device-cuda-0", routers[ExecutionProvider.Parse("cuda:0")].Path.Name);
        routers[ExecutionProvider.Parse("cuda:0")].Tell(WaitUntilReady.Instance);
        var gpu = ExpectMsg<DeviceReady>(Wait);
        Assert.Equal(["face-back"], gpu.Unavailable.Keys);
        Assert.Contains("-p:OnnxRuntimeFlavor=gpu", gpu.Unavailable["face-back"]);

        // face-front allows the fallback: the cuda:0 router serves it on the CPU.
        using var photo = TestImages.Decode(TestAssets.Astronaut);
        routers[ExecutionProvider.Parse("cuda:0")].Tell(RouterFixture.Request("face-front", photo, 1));
        Assert.Single(ExpectMsg<DetectResult>(Wait).Detections.ToArray());
        routers[ExecutionProvider.Parse("cuda:0")].Tell(GetDeviceLoad.Instance);
        var load = ExpectMsg<DeviceLoad>(Wait);
        Assert.Equal("cuda:0", load.Device);
        Assert.Equal(["cpu"], load.Providers);

        routers[ExecutionProvider.Cpu].Tell(WaitUntilReady.Instance);
        Assert.Empty(ExpectMsg<DeviceReady>(Wait).Unavailable);
        var least = await InferenceDevices.LeastLoadedAsync(routers, Wait);
        Assert.Contains(least, routers.Values);
    }
}
