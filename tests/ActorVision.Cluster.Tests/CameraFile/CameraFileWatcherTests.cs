using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Akka.TestKit.Xunit2;
using ActorVision.Cluster.CameraFile;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Cameras.Client;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Remoting.Wire;
using ActorVision.Cluster.Tests.Support;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Persistence;
using ActorVision.Tests;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using PersistenceSettings = ActorVision.Persistence.PersistenceSettings;

namespace ActorVision.Cluster.Tests.CameraFile;

/// <summary>
/// The camera file watcher on a one-node cluster in the test process: a real camera shard region with its entities,
/// the journal on an SQLite file (the watcher lists cameras from its lifecycle tag, as on a node), and a camera file
/// the test writes.
/// </summary>
public sealed class CameraFileWatcherTests : TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly string _folder;
    private readonly CameraFixtures _fixtures = new();
    private IActorRef _region = null!;

    public CameraFileWatcherTests(ITestOutputHelper output) : this(Directory.CreateTempSubdirectory("av-camera-file-").FullName, output)
    {
    }

    private CameraFileWatcherTests(string folder, ITestOutputHelper output) : base(Config(folder), output: output) => _folder = folder;

    private string FilePath => Path.Combine(_folder, "cameras.conf");

    private static Config Config(string folder)
    {
        var persistence = PersistenceSettings.FromConfig(ConfigurationFactory.ParseString("provider = sqlite, sqlite-file = journal.db"), folder);
        SqliteDatabase.Prepare(persistence.ConnectionString);
        return ConfigurationFactory.ParseString("""
                akka.loglevel = WARNING
                akka.actor.provider = cluster
                akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
                """)
            .WithFallback(ConfigurationFactory.ParseString(SqliteJournalHocon.For(persistence.ConnectionString, persistence.LinqToDbProviderName)))
            .WithFallback(ActorVisionSerialization.Config)
            .WithFallback(SqlPersistence.DefaultConfiguration)
            .WithFallback(EngineTestKit.Config);
    }

    public async Task InitializeAsync()
    {
        var cluster = Akka.Cluster.Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        await AwaitConditionAsync(() => Task.FromResult(cluster.SelfMember.Status == MemberStatus.Up), Wait);
        var devices = Sys.ActorOf(NodeDevices.Props(null, CameraFixtures.Catalog), NodeDevices.Name);
        var entities = _fixtures.Entities(devices);
        _region = await ClusterSharding.Get(Sys).StartAsync("camera", id => CameraEntity.Props(id, entities),
            ClusterShardingSettings.Create(Sys), new CameraMessageExtractor(10));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        _fixtures.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private IActorRef Watcher()
    {
        var context = new CameraFileContext(CameraFixtures.Catalog.ClassNamesByModel(), 5, _folder, _fixtures.Sources, _fixtures.Outputs);
        var client = new CameraClient(_region, CameraClientSettings.Default with { AskTimeout = TimeSpan.FromSeconds(5), Deadline = TimeSpan.FromSeconds(10) });
        return Sys.ActorOf(CameraFileWatcher.Props(new CameraFileSettings(FilePath, TimeSpan.FromMilliseconds(200)), context, client, new CameraDirectory(Sys)));
    }

    /// <summary>A camera file of parked file cameras on the crossing clip: <c>id = source</c> for each.</summary>
    private void WriteFile(params string[] ids) => File.WriteAllText(FilePath, "cameras {\n" + string.Join("\n", ids.Select(id => $$"""
          {{id}} {
            source-url = "{{TestAssets.ScriptedCrossing}}"
            mode = file
            models = [motion]
            start = off
          }
        """)) + "\n}\n");

    private CameraFileStatus Status(IActorRef watcher)
    {
        watcher.Tell(new CameraFileStatusRequest());
        return ExpectMsg<CameraFileStatus>(Wait);
    }

    private async Task<CameraFileStatus> WaitForAsync(IActorRef watcher, Func<CameraFileStatus, bool> holds)
    {
        CameraFileStatus last = null!;
        await AwaitConditionAsync(() =>
        {
            last = Status(watcher);
            return Task.FromResult(holds(last));
        }, Wait, TimeSpan.FromMilliseconds(100));
        return last;
    }

    private object Ask(object message)
    {
        _region.Tell(message);
        return ExpectMsg<object>(Wait);
    }

    [Fact]
    public async Task A_new_file_registers_its_cameras_as_managed_by_the_file()
    {
        WriteFile("door", "yard");
        var watcher = Watcher();

        var status = await WaitForAsync(watcher, s => s.State == "applied");

        Assert.Equal(["added door", "added yard"], status.Changes.Order());
        Assert.Equal(2, status.Cameras);
        var door = Assert.IsType<CameraView>(Ask(new GetCamera("door")));
        Assert.Equal(CameraOwner.File, door.Owner);
    }

    [Fact]
    public async Task An_invalid_file_is_rejected_whole_and_undoing_the_edit_restores_the_applied_state()
    {
        WriteFile("door");
        var watcher = Watcher();
        await WaitForAsync(watcher, s => s.State == "applied");

        var valid = File.ReadAllText(FilePath);
        File.WriteAllText(FilePath, valid.Replace("models = [motion]", "models = [motion]\n    analysis-fps = -2"));
        var rejected = await WaitForAsync(watcher, s => s.State == "rejected");
        Assert.Contains(rejected.Problems, p => p.Path.Contains("door"));
        Assert.Equal(5, Assert.IsType<CameraView>(Ask(new GetCamera("door"))).Spec.AnalysisFps);

        File.WriteAllText(FilePath, valid);
        var restored = await WaitForAsync(watcher, s => s.State == "applied");
        Assert.Equal("applied: the file is back to the content last applied", restored.Message);
    }

    [Fact]
    public async Task A_camera_taken_out_of_the_file_is_removed_and_one_the_API_manages_is_left_alone()
    {
        var api = CameraFixtures.Crossing("lobby");
        Assert.IsType<CameraAccepted>(Ask(new RegisterCamera(api, CameraOwner.Api, Start: false)));
        WriteFile("door", "lobby");
        var watcher = Watcher();
        var first = await WaitForAsync(watcher, s => s.State == "applied");
        Assert.Equal(["added door"], first.Changes);
        Assert.Equal(["lobby"], first.Conflicts);

        WriteFile("lobby");
        var second = await WaitForAsync(watcher, s => s.State == "applied" && s.Changes.Contains("removed door"));
        Assert.Equal(["lobby"], second.Conflicts);
        Assert.Equal(RejectionKind.NotFound, Assert.IsType<CameraRejected>(Ask(new GetCamera("door"))).Kind);
        Assert.Equal(CameraOwner.Api, Assert.IsType<CameraView>(Ask(new GetCamera("lobby"))).Owner);
    }

    [Fact]
    public async Task A_file_that_does_not_exist_is_reported_with_the_reason_and_nothing_is_removed()
    {
        Assert.IsType<CameraAccepted>(Ask(new RegisterCamera(CameraFixtures.Crossing("door"), CameraOwner.File, Start: false)));
        var watcher = Watcher();

        var status = await WaitForAsync(watcher, s => s.State == "rejected");

        Assert.Equal("the file does not exist", Assert.Single(status.Problems).Message);
        Assert.IsType<CameraView>(Ask(new GetCamera("door")));
    }
}
