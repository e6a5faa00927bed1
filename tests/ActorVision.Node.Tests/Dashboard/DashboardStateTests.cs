using System.Collections.Immutable;
using ActorVision.Core.Events;
using ActorVision.Node.Dashboard;

namespace ActorVision.Node.Tests.Dashboard;

/// <summary>What each browser connection is pushed: everything first, then only what changed since its last push.</summary>
public sealed class DashboardStateTests
{
    private const string NodeA = "akka.tcp://actorvision@10.0.0.1:4053";
    private const string NodeB = "akka.tcp://actorvision@10.0.0.2:4053";
    private readonly DashboardState _state = new(DashboardSettings.Default with { EventsKept = 3 });

    [Fact]
    public void A_new_connection_gets_everything_then_only_changes()
    {
        _state.UpsertCamera(Camera("a"));
        _state.UpsertCamera(Camera("b"));
        var cursor = new DashboardCursor();

        var first = _state.Read(cursor, null);
        Assert.True(first.Reset);
        Assert.Equal(["a", "b"], first.Cameras.Select(c => c.Id).Order());
        Assert.True(_state.Read(cursor, null).IsEmpty);

        _state.UpsertCamera(Camera("b") with { FpsIn = 12.5 });
        _state.UpsertCamera(Camera("a")); // same values: not a change
        var second = _state.Read(cursor, null);
        Assert.False(second.Reset);
        Assert.Equal(12.5, Assert.Single(second.Cameras).FpsIn);
        Assert.Null(second.Cluster);
        Assert.Null(second.Devices);
    }

    [Fact]
    public void Removed_cameras_are_announced_once()
    {
        _state.UpsertCamera(Camera("a"));
        var cursor = new DashboardCursor();
        _state.Read(cursor, null);

        _state.RemoveCamera("a");
        _state.RemoveCamera("never-existed");

        Assert.Equal(["a"], _state.Read(cursor, null).RemovedCameras);
        Assert.True(_state.Read(cursor, null).IsEmpty);
        Assert.Empty(_state.Read(new DashboardCursor(), null).Cameras);
    }

    [Fact]
    public void Events_are_sent_once_and_only_the_newest_are_kept()
    {
        _state.UpsertCamera(Camera("a") with { Snapshots = false });
        _state.UpsertCamera(Camera("b"));
        var cursor = new DashboardCursor();
        _state.Read(cursor, null);

        var events = Enumerable.Range(0, 4).Select(i => Event(i % 2 == 0 ? "a" : "b")).ToArray();
        _state.AddEvent(events[0]);
        _state.AddEvent(events[1]);

        var delta = _state.Read(cursor, null);
        Assert.Equal(events[..2].Select(e => e.Id), delta.Events.Select(e => e.Id));
        Assert.Null(delta.Events[0].Snapshot); // camera a has snapshots off
        Assert.Equal($"/api/snapshots/b/{events[1].Id:D}.jpg", delta.Events[1].Snapshot);
        Assert.Equal("in, in 3, out 1", delta.Events[1].Details);
        Assert.Empty(_state.Read(cursor, null).Events);

        _state.AddEvent(events[2]);
        _state.AddEvent(events[3]);
        Assert.Equal(events[2..].Select(e => e.Id), _state.Read(cursor, null).Events.Select(e => e.Id));

        var fresh = _state.Read(new DashboardCursor(), null);
        Assert.Equal(events[1..].Select(e => e.Id), fresh.Events.Select(e => e.Id));
        Assert.Equal(NodeA, _state.NodeOfEvent(events[3].Id));
        Assert.Null(_state.NodeOfEvent(events[0].Id)); // no longer kept
    }

    [Fact]
    public void Membership_changes_are_pushed_and_devices_of_nodes_that_left_disappear()
    {
        _state.SetCluster(Cluster(NodeA, NodeB));
        _state.SetDevices(NodeA, [Device(NodeA)]);
        _state.SetDevices(NodeB, [Device(NodeB)]);
        var cursor = new DashboardCursor();
        Assert.Equal(2, _state.Read(cursor, null).Devices!.Count);

        _state.SetCluster(Cluster(NodeA, NodeB));
        Assert.True(_state.Read(cursor, null).IsEmpty);

        _state.SetCluster(Cluster(NodeA));
        var delta = _state.Read(cursor, null);
        Assert.Single(delta.Cluster!.Members);
        Assert.Equal(NodeA, Assert.Single(delta.Devices!).Node);
    }

    [Fact]
    public void Jobs_are_pushed_when_they_change()
    {
        var jobs = new ListedJobs([new DashboardJob("j1", "lobby.mp4", "running", 0.25, TimeSpan.FromMinutes(3), DateTime.UtcNow, null)]);
        var cursor = new DashboardCursor();
        var first = _state.Read(cursor, jobs);
        Assert.True(first.JobsAvailable);
        Assert.Single(first.Jobs!);
        Assert.True(_state.Read(cursor, jobs).IsEmpty);

        jobs.Jobs = [jobs.Jobs[0] with { Progress = 0.5 }];
        Assert.Equal(0.5, Assert.Single(_state.Read(cursor, jobs).Jobs!).Progress);
        Assert.False(_state.Read(new DashboardCursor(), null).JobsAvailable);
    }

    private static CameraRow Camera(string id) => new(id, id, "rtsp://***@cam/" + id, true, true, "Running", null, NodeA, DateTime.UnixEpoch,
        5, 5, 0, 10, 10, 0, 0, 20, 30, 0, ImmutableSortedDictionary<string, long>.Empty);

    private static AnalyticsEvent Event(string camera) => new()
    {
        Id = Guid.NewGuid(),
        CameraId = camera,
        RuleId = "door",
        RuleName = "Door",
        EventType = AnalyticsEventType.LineCrossed,
        TrackId = 7,
        Label = "person",
        WallTime = DateTime.UtcNow,
        StreamTime = TimeSpan.FromSeconds(3),
        Direction = Core.Rules.CrossingDirection.In,
        InCount = 3,
        OutCount = 1,
    };

    private static ClusterView Cluster(params string[] nodes) =>
        new(nodes[0], nodes[0], nodes.Select(n => new MemberRow(n, ["api"], "up", true, n == nodes[0], n == nodes[0])).ToArray(), 0);

    private static DeviceRow Device(string node) => new(node, "cpu", ["cpu"], 0, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, DateTime.UnixEpoch);

    private sealed class ListedJobs(IReadOnlyList<DashboardJob> jobs) : IDashboardJobSource
    {
        public IReadOnlyList<DashboardJob> Jobs { get; set; } = jobs;
        public IReadOnlyList<DashboardJob> CurrentJobs() => Jobs;
    }
}
