using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Inference.Models;
using ActorVision.Tests;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Akka.TestKit.Xunit2;

namespace ActorVision.Cluster.Tests.Devices;

public sealed class NodeDevicesTests() : TestKit(RouterFixture.Config)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static InferenceSettings TwoDevices => InferenceSettings.FromConfig(ConfigurationFactory.ParseString(
        """actorvision.inference { devices = [cpu, "cuda:0"], router { workers = 1, max-delay = 0ms, load-interval = 1s } }"""));

    private LocalDevices Local(IActorRef devices)
    {
        devices.Tell(GetLocalDevices.Instance);
        return ExpectMsg<LocalDevices>(Wait);
    }

    [Fact]
    public void A_gpu_device_on_the_cpu_build_falls_back_where_allowed_and_is_named_unavailable_where_not()
    {
        var catalog = RouterFixture.ShippedCatalog("actorvision.inference.models.face-back.allow-cpu-fallback = off");

        var local = Local(Sys.ActorOf(NodeDevices.Props(TwoDevices, catalog)));

        Assert.Equal(["cpu", "cuda:0"], local.Devices.Select(d => d.Name));
        var gpu = local.Find("cuda:0")!.Router;
        Assert.Equal("device-cuda-0", gpu.Path.Name);
        gpu.Tell(WaitUntilReady.Instance);
        var ready = ExpectMsg<DeviceReady>(Wait);
        Assert.Equal(["face-back"], ready.Unavailable.Keys);
        Assert.Contains("-p:OnnxRuntimeFlavor=gpu", ready.Unavailable["face-back"]);

        // face-front allows the fallback: the cuda:0 router serves it on the CPU.
        using var photo = TestImages.Decode(TestAssets.Astronaut);
        gpu.Tell(RouterFixture.Request("face-front", photo, 1));
        Assert.Single(ExpectMsg<DetectResult>(Wait).Detections.ToArray());
        gpu.Tell(GetDeviceLoad.Instance);
        var load = ExpectMsg<DeviceLoad>(Wait);
        Assert.Equal("cuda:0", load.Device);
        Assert.Equal(["cpu"], load.Providers);
    }

    [Fact]
    public void A_node_without_the_inference_role_has_no_routers()
    {
        Assert.Empty(Local(Sys.ActorOf(NodeDevices.Props(null, RouterFixture.ShippedCatalog()))).Devices);
    }

    [Fact]
    public void Every_router_publishes_its_load_on_the_event_stream_each_load_interval()
    {
        var loads = CreateTestProbe();
        Sys.EventStream.Subscribe(loads.Ref, typeof(DeviceLoad));
        var local = Local(Sys.ActorOf(NodeDevices.Props(TwoDevices, RouterFixture.ShippedCatalog())));
        // Answered means started: their timers are set (the test scheduler runs them only when advanced).
        foreach (var device in local.Devices)
        {
            device.Router.Tell(GetDeviceLoad.Instance);
            ExpectMsg<DeviceLoad>(Wait);
        }
        var scheduler = (TestScheduler)Sys.Scheduler;

        scheduler.Advance(TimeSpan.Zero);
        Assert.Equal(["cpu", "cuda:0"], new[] { loads.ExpectMsg<DeviceLoad>(Wait).Device, loads.ExpectMsg<DeviceLoad>(Wait).Device }.Order());
        loads.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        scheduler.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["cpu", "cuda:0"], new[] { loads.ExpectMsg<DeviceLoad>(Wait).Device, loads.ExpectMsg<DeviceLoad>(Wait).Device }.Order());
    }

    [Fact]
    public void A_camera_on_auto_follows_the_least_loaded_device_as_loads_arrive_and_a_named_device_stays()
    {
        var devices = new LocalDevices([new LocalDevice("cpu", TestActor), new LocalDevice("cuda:0", TestActor)]);
        var auto = new DeviceChoice(devices, "auto");
        var pinned = new DeviceChoice(devices, "cpu");
        Assert.Equal("cpu", auto.Current!.Name);

        auto.Observe(Load("cpu", pending: 6));
        Assert.Equal("cpu", auto.Current!.Name); // the only load known yet
        auto.Observe(Load("cuda:0", pending: 1));
        Assert.Equal("cuda:0", auto.Current!.Name);
        auto.Observe(Load("cpu", pending: 0));
        Assert.Equal("cpu", auto.Current!.Name);

        pinned.Observe(Load("cuda:0", pending: 0));
        pinned.Observe(Load("cpu", pending: 9));
        Assert.Equal("cpu", pinned.Current!.Name);
        Assert.Null(new DeviceChoice(devices, "cuda:7").Current);
        Assert.Contains("it has cpu, cuda:0", new DeviceChoice(devices, "cuda:7").Describe());
    }

    private static DeviceLoad Load(string device, int pending) =>
        new(device, ["cpu"], pending, 0, 0, 1, 0, 1, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0);
}
