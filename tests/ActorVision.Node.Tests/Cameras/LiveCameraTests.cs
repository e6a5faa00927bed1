using ActorVision.Core.Events;
using ActorVision.Core.Rules;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;
using ActorVision.Domain.Cameras;

namespace ActorVision.Node.Tests.Cameras;

/// <summary>A live camera over the real RTSP test server, analysed by a real node.</summary>
public sealed class LiveCameraTests : IAsyncLifetime
{
    private RtspTestServer _server = null!;
    private TestNode _node = null!;
    private Support.Cameras _cameras = null!;
    private EventCollector _events = null!;

    public async Task InitializeAsync()
    {
        _server = RtspTestServer.Start(("crossing", TestAssets.ScriptedCrossing));
        _node = await TestNode.StartAsync();
        _cameras = new Support.Cameras(await _node.CameraRegionAsync());
        _events = await EventCollector.StartAsync(_node.System);
    }

    public async Task DisposeAsync()
    {
        _events.Dispose();
        await _node.DisposeAsync();
        _server.Dispose();
    }

    [Fact]
    public async Task A_box_crossing_the_line_is_counted_once_per_pass_with_its_direction()
    {
        await _cameras.RegisterAsync(CameraScenes.Crossing("gate", _server.Url("crossing")));

        var events = await _events.WaitForAsync(
            seen => seen.Count(e => e.EventType == AnalyticsEventType.LineCrossed) >= 2, TimeSpan.FromSeconds(40), "two line crossings");

        var crossings = events.Where(e => e.EventType == AnalyticsEventType.LineCrossed).Take(2).ToArray();
        Assert.All(crossings, c => Assert.Equal("gate", c.CameraId));
        Assert.All(crossings, c => Assert.Equal(CrossingDirection.In, c.Direction));
        Assert.NotEqual(crossings[0].TrackId, crossings[1].TrackId);
        Assert.Equal(crossings[0].InCount + 1, crossings[1].InCount);
        Assert.All(crossings, c => Assert.Equal(0, c.OutCount));
        // One pass every 5 s of video: two crossings are one pass apart, never two events for one pass.
        Assert.InRange((crossings[1].StreamTime - crossings[0].StreamTime).TotalSeconds, 4.5, 5.5);

        var camera = await _cameras.GetAsync("gate");
        Assert.Equal(CameraRunState.Running, camera.Status.State);
        Assert.True(camera.Status.EventsTotal >= 2);
        Assert.Equal(crossings[1].InCount, camera.Status.Counters[CameraCounters.InKey("middle")]);
    }

    [Fact]
    public async Task A_killed_server_makes_the_camera_reconnect_and_it_runs_again_soon_after_the_server_returns()
    {
        await _cameras.RegisterAsync(CameraScenes.Crossing("flaky", _server.Url("crossing")));
        await _cameras.WaitForStateAsync("flaky", CameraRunState.Running, TimeSpan.FromSeconds(20));

        for (var cycle = 1; cycle <= 3; cycle++)
        {
            _server.Kill();
            var down = await _cameras.WaitForStateAsync("flaky", CameraRunState.Reconnecting, TimeSpan.FromSeconds(15));
            Assert.False(string.IsNullOrEmpty(down.Status.Reason), "a reconnecting camera says why");
            Assert.DoesNotContain("pass", down.Status.Reason!, StringComparison.OrdinalIgnoreCase);

            _server.Restart();
            var back = DateTime.UtcNow;
            await _cameras.WaitForStateAsync("flaky", CameraRunState.Running, TimeSpan.FromSeconds(15));
            var took = DateTime.UtcNow - back;
            Assert.True(took < TimeSpan.FromSeconds(5), $"cycle {cycle}: running again {took.TotalSeconds:0.0} s after the server returned");
        }

        var status = (await _cameras.GetAsync("flaky")).Status;
        Assert.True(status.Statistics.Reconnects >= 3, $"reconnects counted: {status.Statistics.Reconnects}");
    }
}
