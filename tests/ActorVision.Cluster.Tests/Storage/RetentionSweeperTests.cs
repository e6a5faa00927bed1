using Akka.Configuration;
using Akka.TestKit.Xunit2;
using ActorVision.Cluster.Storage;
using ActorVision.Domain.Storage;
using ActorVision.Tests;

namespace ActorVision.Cluster.Tests.Storage;

/// <summary>Retention of a node's files with tiny budgets, on real files, swept by the actor on its own dispatcher.</summary>
public sealed class RetentionSweeperTests() : TestKit(ShippedStorageConfig()), IDisposable
{
    private static readonly DateTime Start = DateTime.UtcNow;
    private readonly string _data = Directory.CreateTempSubdirectory("av-retention-").FullName;

    /// <summary>The storage section of hocon/ as shipped (its dispatcher among it).</summary>
    private static Config ShippedStorageConfig() =>
        ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "hocon", "storage.conf")));

    void IDisposable.Dispose()
    {
        Directory.Delete(_data, recursive: true);
        base.Dispose();
    }

    [Fact]
    public void Snapshots_beyond_three_files_worth_go_oldest_first_and_young_ones_stay()
    {
        for (var i = 0; i < 6; i++) Write($"snapshots/{(i % 2 == 0 ? "lobby" : "yard")}/event-{i}.jpg", 40_000, TimeSpan.FromHours(6 - i));
        Write("snapshots/lobby/event-6.jpg", 40_000, TimeSpan.FromSeconds(10)); // being written: never deleted
        var budget = new RetentionBudget(null, 3 * 40_000);

        var swept = Sweep(FileRetention.Snapshots(_data, budget, TimeSpan.FromMinutes(1)));

        Assert.Equal(new RetentionReport("snapshots", 4, 160_000), Assert.Single(swept.Reports));
        Assert.Equal(["lobby/event-4.jpg", "lobby/event-6.jpg", "yard/event-5.jpg"], FilesLeftIn("snapshots"));
    }

    [Fact]
    public void Recording_segments_older_than_the_limit_go_but_the_newest_of_each_recording_stays()
    {
        Write("recordings/lobby-20261201-100000.mp4", 1000, TimeSpan.FromDays(3));
        Write("recordings/lobby-20261202-100000.mp4", 1000, TimeSpan.FromDays(2));
        Write("recordings/lobby-20261202-100000-2.mp4", 1000, TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        Write("recordings/yard-20261201-100000.mp4", 1000, TimeSpan.FromDays(3)); // yard stopped recording: its last file stays
        Write("recordings/notes.mp4", 1000, TimeSpan.FromDays(30));                // not a segment: not retention's
        Write("archive-annotated.mp4", 1000, TimeSpan.FromDays(30));               // a file camera's MP4: not a segment
        Write("jobs/j-1/clip-20261201-100000.mp4", 1000, TimeSpan.FromDays(30));   // under jobs: the jobs budget's
        var budget = new RetentionBudget(TimeSpan.FromDays(1), null);

        var swept = Sweep(FileRetention.Recordings(_data, budget, TimeSpan.FromMinutes(1)));

        Assert.Equal(2, Assert.Single(swept.Reports).Deleted);
        Assert.Equal(["lobby-20261202-100000-2.mp4", "notes.mp4", "yard-20261201-100000.mp4"], FilesLeftIn("recordings"));
        Assert.True(File.Exists(Path.Combine(_data, "archive-annotated.mp4")));
        Assert.True(File.Exists(Path.Combine(_data, "jobs/j-1/clip-20261201-100000.mp4")));
    }

    [Fact]
    public void Job_folders_go_whole_by_their_newest_file_and_a_running_job_stays()
    {
        Write("jobs/j-old/annotated.mp4", 150_000, TimeSpan.FromDays(40));
        Write("jobs/j-old/notes/extra.txt", 10, TimeSpan.FromDays(40));
        Write("jobs/j-mid/annotated.mp4", 150_000, TimeSpan.FromDays(2));
        Write("jobs/j-running/annotated.mp4", 150_000, TimeSpan.FromSeconds(5));
        var budget = new RetentionBudget(TimeSpan.FromDays(30), 200 * 1024);

        var swept = Sweep(FileRetention.JobFolders(_data, budget, TimeSpan.FromMinutes(1)));

        Assert.Equal(2, Assert.Single(swept.Reports).Deleted); // j-old by age, j-mid for size; j-running is being written
        Assert.Equal(["j-running"], Directory.GetDirectories(Path.Combine(_data, "jobs")).Select(Path.GetFileName));
    }

    [Fact]
    public void Unlimited_budgets_delete_nothing()
    {
        Write("snapshots/lobby/event.jpg", 10, TimeSpan.FromDays(400));

        var swept = Sweep(FileRetention.Snapshots(_data, RetentionBudget.Unlimited, TimeSpan.Zero));

        Assert.Equal(0, Assert.Single(swept.Reports).Deleted);
        Assert.Single(FilesLeftIn("snapshots"));
    }

    private RetentionSwept Sweep(params IRetentionStep[] steps)
    {
        var sweeper = Sys.ActorOf(RetentionSweeper.Props(steps, TimeSpan.FromHours(1)));
        sweeper.Tell(SweepNow.Instance, TestActor);
        return ExpectMsg<RetentionSwept>(TimeSpan.FromSeconds(30));
    }

    private void Write(string relative, int bytes, TimeSpan age)
    {
        var path = Path.Combine(_data, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes]);
        File.SetLastWriteTimeUtc(path, Start - age);
        File.SetLastWriteTimeUtc(Path.GetDirectoryName(path)!, Start - age);
    }

    private string[] FilesLeftIn(string folder) =>
        Directory.GetFiles(Path.Combine(_data, folder), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(_data, folder), f)).Order(StringComparer.Ordinal).ToArray();
}
