using ActorVision.Core.Cameras;
using ActorVision.Core.Events;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Node.Tests.Cameras;

/// <summary>Cameras survive a node restart: remember-entities brings them back with their spec, counters and events.</summary>
public sealed class NodeRestartTests
{
    [Fact]
    public async Task After_a_restart_cameras_resume_by_themselves_and_keep_counting_where_they_stopped()
    {
        using var server = RtspTestServer.Start(("crossing", TestAssets.ScriptedCrossing));
        var first = await TestNode.StartAsync();
        try
        {
            var cameras = new Support.Cameras(await first.CameraRegionAsync());
            var spec = CameraScenes.Crossing("lobby", server.Url("crossing"));
            await cameras.RegisterAsync(spec);
            await cameras.RegisterAsync(CameraScenes.Crossing("spare", server.Url("crossing")), start: false);
            using (var events = await EventCollector.StartAsync(first.System))
            {
                await events.WaitForAsync(seen => seen.Count(e => e.CameraId == "lobby" && e.EventType == AnalyticsEventType.LineCrossed) >= 2,
                    TimeSpan.FromSeconds(40), "two crossings before the restart");
            }
            var before = await cameras.GetAsync("lobby");
            await first.StopAsync();

            await using var secondNode = await TestNode.StartAsync(dataFolder: first.DataFolder, akkaPort: first.AkkaPort);
            var restarted = new Support.Cameras(await secondNode.CameraRegionAsync());
            using var after = await EventCollector.StartAsync(secondNode.System);

            // Nobody asks for the camera: remember-entities starts it, and it runs because it was running.
            var crossings = await after.WaitForAsync(seen => seen.Any(e => e.CameraId == "lobby" && e.EventType == AnalyticsEventType.LineCrossed),
                TimeSpan.FromSeconds(60), "a crossing after the restart");
            var next = crossings.First(e => e.CameraId == "lobby" && e.EventType == AnalyticsEventType.LineCrossed);
            var countBefore = before.Status.Counters[CameraCounters.InKey("middle")];
            Assert.True(next.InCount > countBefore, $"counting resumed at {next.InCount}, after {countBefore} before the restart");

            var view = await restarted.GetAsync("lobby");
            Assert.True(CameraSpecComparer.Instance.Equals(spec, view.Spec), "the spec is intact");
            Assert.Equal(CameraOwner.Api, view.Owner);
            Assert.True(view.Status.EventsTotal > before.Status.EventsTotal, $"event history intact: {before.Status.EventsTotal} -> {view.Status.EventsTotal}");

            var spare = await restarted.GetAsync("spare");
            Assert.Equal(CameraRunState.Stopped, spare.Status.State);
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_file_camera_that_finished_stays_finished_after_a_restart_until_started_again()
    {
        var first = await TestNode.StartAsync();
        try
        {
            var cameras = new Support.Cameras(await first.CameraRegionAsync());
            await cameras.RegisterAsync(CameraScenes.Crossing("archive", TestAssets.ScriptedCrossing, SourceMode.File));
            await cameras.WaitForStateAsync("archive", CameraRunState.Completed, TimeSpan.FromSeconds(90));
            var finished = await cameras.GetAsync("archive");
            Assert.True(finished.Status.EventsTotal > 0, "the file's crossings were recorded");
            await first.StopAsync();

            await using var secondNode = await TestNode.StartAsync(dataFolder: first.DataFolder, akkaPort: first.AkkaPort);
            var restarted = new Support.Cameras(await secondNode.CameraRegionAsync());
            // Remember-entities brings the camera back; it must not play the file (and record its events) again.
            var view = await restarted.GetAsync("archive");
            Assert.Equal(CameraRunState.Completed, view.Status.State);
            Assert.Equal(finished.Status.Reason, view.Status.Reason);
            Assert.Equal(finished.Status.EventsTotal, view.Status.EventsTotal);

            // Starting it again is how an operator asks for a second pass.
            var startedAt = DateTime.UtcNow;
            Assert.IsType<CameraAccepted>(await restarted.SendAsync(new StartCamera("archive")));
            var second = await restarted.WaitForAsync("archive", s => s.State == CameraRunState.Completed && s.Since > startedAt,
                TimeSpan.FromSeconds(90), "the second pass to finish");
            Assert.Equal(finished.Status.Reason, second.Status.Reason);
        }
        finally
        {
            await first.DisposeAsync();
        }
    }
}
