using System.Text.Json;
using ActorVision.Core.Cameras;
using ActorVision.Domain.Cameras;
using ActorVision.Node.Tests.Cameras;
using ActorVision.Node.Tests.Delivery;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;
using Xunit.Abstractions;

namespace ActorVision.Node.Tests.Storage;

/// <summary>
/// A node whose data folder (SQLite journal included) is a small file system the test fills: snapshots and recordings
/// pause, events are still persisted, /ready is degraded with the reason and cameras say so; emptied, everything resumes.
/// </summary>
public sealed class DiskSpaceTests(ITestOutputHelper output)
{
    private const long MiB = 1 << 20;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Low_disk_pauses_snapshots_and_recordings_keeps_persisting_events_and_degrades_ready_until_space_returns()
    {
        using var disk = SmallFileSystem.TryMount(320 * MiB);
        if (disk is null)
        {
            output.WriteLine("no tmpfs could be mounted (not root, or no CAP_SYS_ADMIN): checked with a threshold above the real disk's free space; resuming is checked where tmpfs can be mounted");
            await PausedByAThresholdAboveTheFreeSpaceAsync();
            return;
        }
        using var rtsp = RtspTestServer.Start(("crossing", TestAssets.ScriptedCrossing));
        await using var node = await TestNode.StartAsync("""
            actorvision.storage.disk { check-interval = 100ms, pause-below-percent = 0, pause-below = 96MiB, resume-margin-percent = 0, resume-margin = 32MiB }
            actorvision.cameras.recording-segment = 2s
            """, dataFolder: disk.Folder);
        using var http = new HttpClient();
        var cameras = new Support.Cameras(await node.CameraRegionAsync());
        var ready = await ReadyAsync(http, node);
        Assert.False(ready.GetProperty("degraded").GetBoolean(), ready.ToString());

        // The disk fills: 64 MiB left, below the 96 MiB threshold.
        disk.FillUntilFree(64 * MiB);
        ready = await Eventually.GetAsync(() => ReadyAsync(http, node), r => r.GetProperty("degraded").GetBoolean(), Long, "/ready degraded");
        var reason = ready.GetProperty("reasons")[0].GetString()!;
        Assert.StartsWith("disk: disk space low: ", reason);
        Assert.Contains($"on {disk.Folder}, below 96 MiB; snapshots and recordings paused", reason);
        Assert.True(ready.GetProperty("ready").GetBoolean(), "a node short of disk is degraded, still ready");

        // A live camera records and snapshots nothing, and says why; a file camera's events are persisted without snapshots.
        await cameras.RegisterAsync(CameraScenes.Crossing("gate", rtsp.Url("crossing")) with
        {
            Outputs = new CameraOutputs { Mp4Path = "recordings/gate.mp4", Snapshots = true },
        });
        var paused = await cameras.WaitForAsync("gate", s => s.State == CameraRunState.Running && s.Reason?.StartsWith("disk space low") == true
            && s.Statistics.RecordingFramesSkipped > 0, Long, "gate running with recording paused");
        await cameras.RegisterAsync(CameraScenes.Crossing("lobby", TestAssets.ScriptedCrossing, SourceMode.File) with { Outputs = new CameraOutputs { Snapshots = true } });
        var lobby = await cameras.WaitForStateAsync("lobby", CameraRunState.Completed, Long);
        Assert.True(lobby.Status.EventsTotal > 0, "events are persisted while the disk is low");
        Assert.Equal(lobby.Status.EventsTotal, lobby.Status.Statistics.SnapshotsSkipped);
        Assert.Empty(Files(disk.Folder, "snapshots/lobby", "*.jpg"));
        // The recording's first file is open (its header written) but holds no frame.
        Assert.True(Files(disk.Folder, "recordings", "gate-*.mp4").Sum(f => new FileInfo(f).Length) < 16 * 1024, "no frame recorded while paused");
        var journal = await DeliveryScenario.JournalAsync(node);
        Assert.Equal(lobby.Status.EventsTotal, journal.Count(e => e.Event.CameraId == "lobby"));
        var metrics = await http.GetStringAsync(new Uri(node.HttpAddress, "/metrics"));
        var metricLines = metrics.Split('\n').Where(l => l.StartsWith("actorvision_storage_", StringComparison.Ordinal) || l.Contains("_skipped_total{")).ToArray();
        output.WriteLine(string.Join('\n', metricLines));
        Assert.Contains(metricLines, l => l.StartsWith("actorvision_storage_writes_paused", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(metricLines, l => l.StartsWith("actorvision_storage_free_bytes", StringComparison.Ordinal));
        Assert.Contains(metricLines, l => l.StartsWith("actorvision_camera_snapshots_skipped_total{", StringComparison.Ordinal) && l.Contains("camera=\"lobby\""));
        Assert.Contains(metricLines, l => l.StartsWith("actorvision_camera_recording_frames_skipped_total{", StringComparison.Ordinal) && l.Contains("camera=\"gate\""));

        // Space comes back (above threshold plus margin): ready is whole again, the camera records and snapshots.
        disk.Empty();
        ready = await Eventually.GetAsync(() => ReadyAsync(http, node), r => !r.GetProperty("degraded").GetBoolean(), Long, "/ready no longer degraded");
        await cameras.WaitForAsync("gate", s => s.State == CameraRunState.Running && s.Reason is null, Long, "gate's reason cleared");
        await Eventually.GetAsync(() => Task.FromResult(Files(disk.Folder, "recordings", "gate-*.mp4")), f => f.Length >= 2, Long, "gate's recording segments");
        await cameras.RegisterAsync(CameraScenes.Crossing("yard", TestAssets.ScriptedCrossing, SourceMode.File) with { Outputs = new CameraOutputs { Snapshots = true } });
        var yard = await cameras.WaitForStateAsync("yard", CameraRunState.Completed, Long);
        Assert.Equal(0, yard.Status.Statistics.SnapshotsSkipped);
        Assert.Equal(yard.Status.EventsTotal, Files(disk.Folder, "snapshots/yard", "*.jpg").Length);
        output.WriteLine($"paused: {reason}; gate skipped {paused.Status.Statistics.RecordingFramesSkipped} recorded frames, lobby " +
            $"{lobby.Status.Statistics.SnapshotsSkipped} snapshots of its {lobby.Status.EventsTotal} persisted events; after emptying: " +
            $"{Files(disk.Folder, "recordings", "gate-*.mp4").Length} segments of gate, {yard.Status.EventsTotal} snapshots of yard");
        await node.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static async Task PausedByAThresholdAboveTheFreeSpaceAsync()
    {
        var free = new DriveInfo(Path.GetTempPath()).AvailableFreeSpace;
        await using var node = await TestNode.StartAsync($$"""
            actorvision.storage.disk { check-interval = 100ms, pause-below-percent = 0, pause-below = {{free + 1024 * MiB}}, resume-margin = 0 }
            """);
        using var http = new HttpClient();
        var ready = await Eventually.GetAsync(() => ReadyAsync(http, node), r => r.GetProperty("degraded").GetBoolean(), Long, "/ready degraded");
        Assert.StartsWith("disk: disk space low: ", ready.GetProperty("reasons")[0].GetString());
        var cameras = new Support.Cameras(await node.CameraRegionAsync());
        await cameras.RegisterAsync(CameraScenes.Crossing("lobby", TestAssets.ScriptedCrossing, SourceMode.File) with { Outputs = new CameraOutputs { Snapshots = true } });
        var lobby = await cameras.WaitForStateAsync("lobby", CameraRunState.Completed, Long);
        Assert.True(lobby.Status.EventsTotal > 0, "events are persisted while the disk is low");
        Assert.Equal(lobby.Status.EventsTotal, lobby.Status.Statistics.SnapshotsSkipped);
        Assert.Empty(Files(node.DataFolder, "snapshots/lobby", "*.jpg"));
    }

    private static string[] Files(string root, string folder, string pattern)
    {
        var path = Path.Combine(root, folder);
        return Directory.Exists(path) ? Directory.GetFiles(path, pattern) : [];
    }

    private static async Task<JsonElement> ReadyAsync(HttpClient http, TestNode node)
    {
        using var response = await http.GetAsync(new Uri(node.HttpAddress, "/ready"));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
