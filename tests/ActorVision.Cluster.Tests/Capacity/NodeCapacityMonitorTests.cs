using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit.Xunit2;
using ActorVision.Cluster.Capacity;
using ActorVision.Cluster.Devices;
using ActorVision.Core.Cameras;
using ActorVision.Domain.Capacity;

namespace ActorVision.Cluster.Tests.Capacity;

/// <summary>
/// The monitor follows what cameras and device routers publish on the local event stream and reports the node's
/// capacity through the mediator it is given (a probe here); the process's CPU time is scripted.
/// </summary>
public sealed class NodeCapacityMonitorTests : TestKit
{
    private static readonly CapacityOptions Options = CapacityOptions.Default with
    {
        Interval = TimeSpan.FromMilliseconds(100),
        Estimate = CapacityOptions.Default.Estimate with { Cores = 2, CpuTarget = 0.8 },
    };

    private static readonly CameraSpec Door = new() { Id = "door", SourceUrl = "rtsp://cam/door", Models = ["motion"], AnalysisWidth = 1920, AnalysisHeight = 1080 };

    [Fact]
    public void A_camera_on_the_event_stream_is_reported_in_its_shard_with_its_declared_cost()
    {
        var mediator = CreateTestProbe();
        var capacity = new ClusterCapacity();
        Sys.ActorOf(NodeCapacityMonitor.Props(Options, "node-a", id => "shard-" + id, capacity, () => TimeSpan.Zero, mediator.Ref));
        NextReport(mediator, _ => true); // started, so subscribed to the event stream

        Sys.EventStream.Publish(new CameraUsage(Door, true, 0, 0));

        var report = NextReport(mediator, r => r.Shards.Count > 0);
        var shard = Assert.Single(report.Shards);
        Assert.Equal("shard-door", shard.ShardId);
        Assert.Equal(Options.Costs.Declared(Door).Cores, shard.DeclaredCores, 9);
        Assert.Equal(1, report.Cameras);
        Assert.Equal("node-a", report.Node);
        Assert.Equal("shard-door", Assert.Single(capacity.Local!.Cameras).ShardId);

        Sys.EventStream.Publish(new CameraUsageEnded("door"));
        NextReport(mediator, r => r.Shards.Count == 0);
    }

    [Fact]
    public void A_node_using_more_cpu_than_its_target_reports_over_capacity_and_says_so_in_its_log()
    {
        var mediator = CreateTestProbe();
        var started = DateTime.UtcNow;
        // Twice the node's cores: whatever the interval, the CPU measured is 4 cores against a capacity of 1.6.
        TimeSpan Cpu() => (DateTime.UtcNow - started) * 4;

        EventFilter.Warning(contains: "this node is over capacity: CPU").ExpectOne(TimeSpan.FromSeconds(10), () =>
            Sys.ActorOf(NodeCapacityMonitor.Props(Options, "node-a", id => id, new ClusterCapacity(), Cpu, mediator.Ref)));

        var report = NextReport(mediator, r => r.OverCapacity);
        Assert.Equal(CapacityProblemKind.Cpu, Assert.Single(report.Problems).Kind);
        Assert.True(report.HeadroomCores < 0);
    }

    [Fact]
    public void Device_loads_on_the_event_stream_count_towards_capacity()
    {
        var mediator = CreateTestProbe();
        Sys.ActorOf(NodeCapacityMonitor.Props(Options, "node-a", id => id, new ClusterCapacity(), () => TimeSpan.Zero, mediator.Ref));
        NextReport(mediator, _ => true);

        Sys.EventStream.Publish(new DeviceLoad("cpu", ["cpu"], 12, 0, 2, 2, 2, 4, TimeSpan.FromMilliseconds(30), TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0));

        var report = NextReport(mediator, r => r.OverCapacity);
        Assert.Equal([CapacityProblemKind.DeviceBusy, CapacityProblemKind.DeviceQueue], report.Problems.Select(p => p.Kind));
    }

    private NodeCapacity NextReport(Akka.TestKit.TestProbe mediator, Func<NodeCapacity, bool> wanted)
    {
        var publish = mediator.FishForMessage<Publish>(p => p.Message is NodeCapacity report && wanted(report), TimeSpan.FromSeconds(10));
        Assert.Equal(CapacityListener.Topic, publish.Topic);
        return (NodeCapacity)publish.Message;
    }
}
