using Akka.Actor;
using Akka.Hosting;
using ActorVision.Cluster.Cameras.Client;
using ActorVision.Cluster.Hosting;
using ActorVision.Cluster.Storage;
using ActorVision.Core.Cameras;
using ActorVision.Delivery.EventIndex;
using ActorVision.Domain.Storage;
using ActorVision.Node.Tests.Cameras;
using ActorVision.Node.Tests.Delivery;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static ActorVision.Node.Tests.Delivery.DeliveryScenario;

namespace ActorVision.Node.Tests.Storage;

/// <summary>Retention on a real node with tiny budgets: real snapshot files, the real SQLite journal and event index.</summary>
public sealed class RetentionTests(ITestOutputHelper output)
{
    private const string Secret = "test-secret-retention";
    /// <summary>About half of what the two cameras' snapshots of the scripted clip take (about 5 KB each).</summary>
    private const long SnapshotBudget = 30 * 1024;

    [Fact]
    public async Task Tiny_budgets_trim_snapshots_the_event_index_and_the_journal_only_behind_every_reader()
    {
        var port = TestPorts.Next();
        await using var receiver = await WebhookReceiver.StartAsync(port, Secret);
        var storage = $$"""
            actorvision.persistence.snapshot-every = 2
            actorvision.storage.retention {
              interval = 1h
              active-grace = 0s
              snapshots { max-age = off, max-size = 30KiB }
              event-index { max-age = off, max-events = 3 }
              journal { delete-analytics-events = on, keep-for = 0s }
            }
            actorvision.delivery.webhooks.healthy { url = "http://127.0.0.1:{{port}}/events", secret = "{{Secret}}" }
            """;
        // A second sink whose receiver never answers: it holds every event in the journal.
        var lagging = $$"""actorvision.delivery.webhooks.lagging { url = "http://127.0.0.1:{{TestPorts.Next()}}/events" }""";
        var first = await TestNode.StartAsync(FastSinkDefaults + storage + lagging);
        string data = first.DataFolder;
        IReadOnlyList<JournalEvent> journal;
        Dictionary<string, long> totals;
        try
        {
            await PlayWithSnapshotsAsync(first, "lobby", "yard");
            journal = await JournalAsync(first);
            await receiver.WaitForAsync(a => a.Count >= journal.Count, DeliveryScenario.Long, "the healthy sink delivered everything");
            await Eventually.GetAsync(() => new EventIndexStore(Persistence(first)).ProjectedOffsetAsync(), o => o >= journal[^1].Offset, DeliveryScenario.Long, "the index projected everything");
            var snapshots = SnapshotFiles(data);
            Assert.True(snapshots.Length == journal.Count && snapshots.Sum(f => f.Length) > SnapshotBudget, $"{snapshots.Length} snapshots, {snapshots.Sum(f => f.Length)} bytes");

            var swept = await SweepAsync(first);
            output.WriteLine("first sweep (a sink lagging): " + string.Join("; ", swept.Reports));

            // Snapshots: the oldest went until the rest fit in 30 KiB.
            var kept = SnapshotFiles(data);
            Assert.True(kept.Sum(f => f.Length) <= SnapshotBudget, $"{kept.Sum(f => f.Length)} bytes kept");
            Assert.Equal(ExpectedToKeep(snapshots, SnapshotBudget).Select(f => f.FullName), kept.Select(f => f.FullName).Order(StringComparer.Ordinal));
            Assert.Equal(snapshots.Length - kept.Length, Report(swept, "snapshots").Deleted);
            // The event index: the newest three rows.
            var rows = await new EventIndexStore(Persistence(first)).QueryAsync(EventQueryFilter.All, 0, 100);
            Assert.Equal(journal.TakeLast(3).Select(e => e.Offset), rows.Select(r => r.Offset));
            // The journal: nothing, the lagging sink has read nothing.
            Assert.Equal(0, Report(swept, "journal").Deleted);
            Assert.Equal(journal.Count, AnalyticsRows(data).Count);
            totals = await TotalsAsync(first, "lobby", "yard");
            await first.StopAsync();
        }
        catch
        {
            await first.DisposeAsync();
            throw;
        }

        // The lagging sink is removed from the configuration: every reader is past the events the snapshots cover.
        var lifecycleBefore = LifecycleRows(data);
        await using var second = await TestNode.StartAsync(FastSinkDefaults + storage, dataFolder: data, akkaPort: first.AkkaPort);
        var sweptAgain = await SweepAsync(second);
        output.WriteLine("second sweep: " + string.Join("; ", sweptAgain.Reports));

        var left = AnalyticsRows(data);
        var covered = SnapshotSequenceNumbers(data);
        var highest = HighestSequenceNumbers(data);
        Assert.Equal(journal.Count - left.Count, Report(sweptAgain, "journal").Deleted);
        Assert.True(left.Count < journal.Count, "analytics events were deleted");
        Assert.All(left, row => Assert.True(row.Sequence > covered[row.PersistenceId] || row.Sequence == highest[row.PersistenceId],
            $"{row.PersistenceId} #{row.Sequence} is covered by the snapshot at #{covered[row.PersistenceId]} yet kept"));
        Assert.Equal(lifecycleBefore, LifecycleRows(data)); // registrations and spec changes stay
        Assert.Equal(["lobby", "yard"], (await new CameraDirectory(second.System).CurrentIdsAsync()).Where(id => id is "lobby" or "yard"));
        Assert.Equal(totals, await TotalsAsync(second, "lobby", "yard")); // counts recovered from the snapshots

        // Readers resume over the gaps: a new camera's events reach the sink and the index.
        await PlayWithSnapshotsAsync(second, "dock");
        var after = await JournalAsync(second);
        var dock = after.Where(e => e.Event.CameraId == "dock").Select(e => e.Id).ToHashSet();
        Assert.NotEmpty(dock);
        await receiver.WaitForAsync(a => dock.IsSubsetOf(a.Select(r => r.EventId)), DeliveryScenario.Long, "dock's events delivered after the deletion");
        await Eventually.GetAsync(() => new EventIndexStore(Persistence(second)).MaxOffsetAsync(), o => o == after[^1].Offset, DeliveryScenario.Long, "dock's events indexed");
        output.WriteLine($"{journal.Count} analytics events; {left.Count} left after the second sweep (each journal's newest and those after its snapshot)");
    }

    private static async Task PlayWithSnapshotsAsync(TestNode node, params string[] cameraIds)
    {
        var cameras = new Support.Cameras(await node.CameraRegionAsync());
        foreach (var id in cameraIds)
            await cameras.RegisterAsync(CameraScenes.Crossing(id, TestAssets.ScriptedCrossing, SourceMode.File) with { Outputs = new CameraOutputs { Snapshots = true } });
        foreach (var id in cameraIds)
            await cameras.WaitForStateAsync(id, Domain.Cameras.CameraRunState.Completed, DeliveryScenario.Long);
    }

    private static async Task<Dictionary<string, long>> TotalsAsync(TestNode node, params string[] cameraIds)
    {
        var cameras = new Support.Cameras(await node.CameraRegionAsync());
        var totals = new Dictionary<string, long>();
        foreach (var id in cameraIds)
        {
            var status = (await cameras.GetAsync(id)).Status;
            totals[id] = status.EventsTotal;
            foreach (var (name, count) in status.Counters) totals[$"{id}.{name}"] = count;
        }
        return totals;
    }

    private static async Task<RetentionSwept> SweepAsync(TestNode node)
    {
        var sweeper = await node.Services.GetRequiredService<ActorRegistry>().GetAsync<RetentionSweeper>();
        return await sweeper.Ask<RetentionSwept>(SweepNow.Instance, TimeSpan.FromSeconds(60));
    }

    private static RetentionReport Report(RetentionSwept swept, string kind) => swept.Reports.Single(r => r.Kind == kind);

    private static Persistence.PersistenceSettings Persistence(TestNode node) => node.Services.GetRequiredService<ActorVisionSettings>().Persistence;

    private static FileInfo[] SnapshotFiles(string data) =>
        new DirectoryInfo(Path.Combine(data, "snapshots")).GetFiles("*.jpg", SearchOption.AllDirectories).OrderBy(f => f.FullName, StringComparer.Ordinal).ToArray();

    /// <summary>What a size budget keeps: the newest files whose total fits.</summary>
    private static IEnumerable<FileInfo> ExpectedToKeep(FileInfo[] files, long budget)
    {
        var total = files.Sum(f => f.Length);
        var byAge = files.OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.FullName, StringComparer.Ordinal).ToList();
        while (total > budget)
        {
            total -= byAge[0].Length;
            byAge.RemoveAt(0);
        }
        return byAge.OrderBy(f => f.FullName, StringComparer.Ordinal);
    }

    private sealed record Row(string PersistenceId, long Sequence);

    private static IReadOnlyList<Row> AnalyticsRows(string data) => Query(data,
        "SELECT j.persistence_id, j.sequence_number FROM journal j JOIN tags t ON t.ordering_id = j.ordering WHERE t.tag = 'analytics' ORDER BY j.ordering",
        r => new Row(r.GetString(0), r.GetInt64(1)));

    private static IReadOnlyList<Row> LifecycleRows(string data) => Query(data,
        "SELECT j.persistence_id, j.sequence_number FROM journal j JOIN tags t ON t.ordering_id = j.ordering WHERE t.tag = 'camera-lifecycle' ORDER BY j.ordering",
        r => new Row(r.GetString(0), r.GetInt64(1)));

    private static Dictionary<string, long> SnapshotSequenceNumbers(string data) => Query(data,
        "SELECT persistence_id, MAX(sequence_number) FROM snapshot WHERE persistence_id LIKE 'camera-%' GROUP BY persistence_id",
        r => (r.GetString(0), r.GetInt64(1))).ToDictionary(p => p.Item1, p => p.Item2);

    private static Dictionary<string, long> HighestSequenceNumbers(string data) => Query(data,
        "SELECT persistence_id, MAX(sequence_number) FROM journal WHERE persistence_id LIKE 'camera-%' GROUP BY persistence_id",
        r => (r.GetString(0), r.GetInt64(1))).ToDictionary(p => p.Item1, p => p.Item2);

    private static IReadOnlyList<T> Query<T>(string data, string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "actorvision.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }
}
