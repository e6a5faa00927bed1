using System.Collections.Immutable;
using System.Text.Json;
using ActorVision.Cluster.Devices;
using ActorVision.Core.Events;
using ActorVision.Node.Dashboard;
using ActorVision.Node.Observability;
using ActorVision.Node.Tests.Support;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Persistence.Cameras;

namespace ActorVision.Node.Tests.Dashboard;

/// <summary>What the dashboard receives from other nodes survives the node's configured serializers.</summary>
public sealed class WireTests
{
    [Fact]
    public async Task Status_device_load_live_frames_and_snapshots_cross_nodes_intact()
    {
        await using var node = await TestNode.StartAsync();
        var serialization = node.System.Serialization;

        var frame = new LiveViewFrame("lobby", 42, new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc), [0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9]);
        Assert.IsType<CameraBroadcastSerializer>(serialization.FindSerializerFor(frame));
        var back = (LiveViewFrame)RoundTrip(node, frame);
        Assert.Equal(frame.Jpeg, back.Jpeg);
        Assert.Equal(frame with { Jpeg = back.Jpeg }, back);

        var status = new CameraStatusUpdate("lobby", "Lobby", "rtsp://***@cam/lobby", true, true, new CameraStatus
        {
            State = CameraRunState.Running,
            Node = "akka.tcp://actorvision@10.0.0.5:4053",
            Since = DateTime.UtcNow,
            Statistics = new PipelineStatistics(25, 5, 25, 1000, 200, 1000, 3, 1, 40, 80),
            EventsTotal = 12,
            LastEvent = new AnalyticsEvent
            {
                Id = Guid.NewGuid(), CameraId = "lobby", RuleId = "door", RuleName = "Door", EventType = AnalyticsEventType.LineCrossed,
                WallTime = DateTime.UtcNow, StreamTime = TimeSpan.FromSeconds(9), InCount = 3,
            },
            Counters = ImmutableSortedDictionary<string, long>.Empty.Add("door.in", 3).Add("door.out", 1),
        });
        Assert.IsType<CameraBroadcastSerializer>(serialization.FindSerializerFor(status));
        AssertSameJson(status, RoundTrip(node, status));
        Assert.Equal(new CameraForgotten("lobby"), RoundTrip(node, new CameraForgotten("lobby")));
        Assert.IsType<CameraBroadcastSerializer>(serialization.FindSerializerFor(new PublishCameraStatus("lobby")));
        Assert.Equal(new PublishCameraStatus("lobby"), RoundTrip(node, new PublishCameraStatus("lobby")));

        var load = new DeviceLoadReport("akka.tcp://actorvision@10.0.0.5:4053", DateTime.UtcNow,
            [new DeviceLoad("cpu", ["cpu"], 2, 1, 4, 4, 3, 3.5, TimeSpan.FromMilliseconds(12), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(90), 100, 2, 1)]);
        Assert.IsType<NodeMessageSerializer>(serialization.FindSerializerFor(load));
        AssertSameJson(load, RoundTrip(node, load));

        var snapshot = new SnapshotFileContent([0xFF, 0xD8, 0xFF, 0xD9]);
        Assert.Equal(snapshot.Jpeg, ((SnapshotFileContent)RoundTrip(node, snapshot)).Jpeg);
        var get = new GetSnapshotFile("lobby", Guid.NewGuid());
        Assert.Equal(get, RoundTrip(node, get));
    }

    private static object RoundTrip(TestNode node, object message)
    {
        var serializer = node.System.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        return node.System.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
    }

    private static void AssertSameJson(object expected, object actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
    }
}
