using Akka.Configuration;
using Akka.TestKit.Xunit2;
using ActorVision.Cluster.Storage;
using ActorVision.Domain.Storage;
using ActorVision.Tests;
using Xunit.Abstractions;

namespace ActorVision.Cluster.Tests.Storage;

/// <summary>The disk space watch on a real file system: a small tmpfs filled and emptied (root), else the real disk.</summary>
public sealed class DiskSpaceWatchTests(ITestOutputHelper output) : TestKit(ConfigurationFactory.ParseString(
    File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "hocon", "storage.conf"))), output: output)
{
    private const long MiB = 1 << 20;
    private static readonly TimeSpan Check = TimeSpan.FromMilliseconds(50);

    [Fact]
    public void Writes_pause_when_the_disk_fills_below_the_threshold_and_resume_above_it_plus_the_margin()
    {
        using var disk = SmallFileSystem.TryMount(16 * MiB);
        if (disk is null)
        {
            Output!.WriteLine("not root: checked on the real disk with a threshold above its free space; resuming is checked where tmpfs can be mounted");
            PausesOnTheRealDisk();
            return;
        }
        var states = CreateTestProbe();
        Sys.EventStream.Subscribe(states.Ref, typeof(StorageState));
        var rule = new FreeSpaceRule(PauseBelowPercent: 0, PauseBelowBytes: 6 * MiB, ResumeMarginPercent: 0, ResumeMarginBytes: 2 * MiB);
        // Filled before the watch starts: filling takes a while (page by page), and a watch measuring meanwhile would
        // report whatever it saw on the way down.
        disk.FillUntilFree(3 * MiB);
        Sys.ActorOf(DiskSpaceWatch.Props(disk.Folder, rule, Check));

        var paused = states.ExpectMsg<StorageState>(TimeSpan.FromSeconds(10));
        Assert.True(paused.WritesPaused);
        Assert.StartsWith($"disk space low: 3 MiB free of 16 MiB", paused.Reason);
        Assert.Contains($"on {disk.Folder}, below 6 MiB", paused.Reason);
        Assert.True(NodeStorage.Get(Sys).WritesPaused);

        // Above the threshold but within the margin: still paused (no state change is published).
        disk.FillUntilFree(7 * MiB);
        AwaitCondition(() => NodeStorage.Get(Sys).Current.Space.FreeBytes > 6 * MiB, TimeSpan.FromSeconds(10));
        Assert.True(NodeStorage.Get(Sys).WritesPaused);

        disk.Empty();
        var resumed = states.ExpectMsg<StorageState>(TimeSpan.FromSeconds(10));
        Assert.False(resumed.WritesPaused);
        Assert.Null(resumed.Reason);
        Assert.False(NodeStorage.Get(Sys).WritesPaused);
        Output!.WriteLine($"paused: {paused.Reason}; resumed at {resumed.Space}");
    }

    private void PausesOnTheRealDisk()
    {
        var folder = Directory.CreateTempSubdirectory("av-disk-").FullName;
        try
        {
            var free = new DriveInfo(folder).AvailableFreeSpace;
            var states = CreateTestProbe();
            Sys.EventStream.Subscribe(states.Ref, typeof(StorageState));
            Sys.ActorOf(DiskSpaceWatch.Props(folder, new FreeSpaceRule(0, free + 1024 * MiB, 0, 0), Check));
            Assert.True(states.ExpectMsg<StorageState>(TimeSpan.FromSeconds(10)).WritesPaused);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }
}
