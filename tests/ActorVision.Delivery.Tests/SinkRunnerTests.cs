using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql;
using Akka.TestKit.Xunit2;
using ActorVision.Delivery.Wire;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Node.Tests.Delivery;
using ActorVision.Persistence;
using ActorVision.Tests;
using PersistenceSettings = ActorVision.Persistence.PersistenceSettings;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace ActorVision.Delivery.Tests;

/// <summary>
/// One sink runner on a real SQLite journal (Akka.Persistence.Sql with its events-by-tag query, as a node runs it),
/// its store in the same file, and a real webhook receiver; the test writes camera events through the journal.
/// </summary>
public sealed class SinkRunnerTests : TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly string _folder;
    private readonly PersistenceSettings _persistence;
    private readonly DeliveryStore _store;
    private WebhookReceiver _receiver = null!;
    private int _port;
    private long _sequence;

    public SinkRunnerTests(ITestOutputHelper output) : this(Directory.CreateTempSubdirectory("av-sink-").FullName, output)
    {
    }

    private SinkRunnerTests(string folder, ITestOutputHelper output) : base(Config(folder), output: output)
    {
        _folder = folder;
        _persistence = Persistence(folder);
        _store = new DeliveryStore(_persistence, JournalTagTable.Default);
    }

    private static PersistenceSettings Persistence(string folder) =>
        PersistenceSettings.FromConfig(ConfigurationFactory.ParseString("provider = sqlite, sqlite-file = journal.db"), folder);

    private static Config Config(string folder)
    {
        var persistence = Persistence(folder);
        SqliteDatabase.Prepare(persistence.ConnectionString);
        return ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.test.filter-leeway = 20s
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            """)
            .WithFallback(ConfigurationFactory.ParseString(SqliteJournalHocon.For(persistence.ConnectionString, persistence.LinqToDbProviderName)))
            .WithFallback(ActorVisionSerialization.Config)
            .WithFallback(SqlPersistence.DefaultConfiguration);
    }

    public async Task InitializeAsync()
    {
        _port = TestPorts.Next();
        _receiver = await WebhookReceiver.StartAsync(_port, "secret");
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _store.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private SinkDefinition Webhook(string answers = "", int maxAttempts = 10)
    {
        var delivery = DeliverySettings.FromConfig(ConfigurationFactory.ParseString($$"""
            actorvision.delivery.webhooks.hook {
              url = "http://127.0.0.1:{{_port}}/hook"
              secret = "secret"
              start-from = earliest
              commit-interval = 100ms
              min-backoff = 50ms
              max-backoff = 100ms
              max-attempts = {{maxAttempts}}
              timeout = 5s
            }
            """).WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "hocon", "delivery.conf")))));
        return SinkDefinition.From(delivery).Single();
    }

    private IActorRef Runner(SinkDefinition sink) =>
        Sys.ActorOf(SinkRunner.Props(sink.Settings, sink.Create, _store, healthInterval: TimeSpan.FromMilliseconds(200)));

    /// <summary>Writes events of camera <c>lobby</c> through the journal, tagged as the camera entity's are.</summary>
    private void Record(params string[] rules)
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);
        var writes = rules.Select(rule => (IPersistentEnvelope)new AtomicWrite(new Persistent(
            new AnalyticsEventRecorded(DeliveryTestEvents.Event("lobby", rule)), ++_sequence, "camera-lobby", writerGuid: "test"))).ToArray();
        journal.Tell(new WriteMessages(writes, TestActor, actorInstanceId: 1));
        ExpectMsg<WriteMessagesSuccessful>(Wait);
        for (var i = 0; i < writes.Length; i++) ExpectMsg<WriteMessageSuccess>(Wait);
    }

    private SinkHealth Health(IActorRef runner)
    {
        runner.Tell(new GetSinkHealth { Sink = "hook" });
        return SinkHealthWire.FromWire(ExpectMsg<SinkHealthReport>(Wait));
    }

    [Fact]
    public async Task Events_in_the_journal_are_delivered_in_order_and_a_new_runner_goes_on_after_the_stored_position()
    {
        Record("a", "b", "c");
        var runner = Runner(Webhook());

        await _receiver.WaitForAsync(r => r.Count == 3, Wait, "three events");
        Assert.Equal(["a", "b", "c"], _receiver.Accepted.Select(r => r.RuleId));
        Assert.All(_receiver.Accepted, r => Assert.True(r.SignatureValid));
        await AwaitAssertAsync(async () => Assert.Equal(3, await _store.LoadOffsetAsync("hook")), Wait);
        var health = Health(runner);
        Assert.Equal((SinkState.Delivering, 3L, 3L), (health.State, health.Delivered, health.Position));

        // Hand-over: the runner stores its position and stops; the next one delivers only what came since.
        Watch(runner);
        runner.Tell(StopSink.Instance);
        ExpectTerminated(runner, Wait);
        Record("d");
        Runner(Webhook());
        await _receiver.WaitForAsync(r => r.Count == 4, Wait, "the fourth event");
        Assert.Equal(["a", "b", "c", "d"], _receiver.Accepted.Select(r => r.RuleId));
    }

    [Fact]
    public async Task An_event_the_receiver_keeps_refusing_becomes_a_dead_letter_and_the_next_one_goes()
    {
        await _receiver.DisposeAsync();
        _receiver = await WebhookReceiver.StartAsync(_port, "secret", answer: n => n <= 2 ? 422 : 200);
        Record("refused", "next");

        var runner = Runner(Webhook(maxAttempts: 2));

        await _receiver.WaitForAsync(r => r.Count == 1, Wait, "the next event");
        Assert.Equal("next", _receiver.Accepted.Single().RuleId);
        Assert.Equal(["refused", "refused", "next"], _receiver.Requests.Select(r => r.RuleId));
        await AwaitAssertAsync(async () => Assert.Equal(1, await _store.CountDeadLettersAsync("hook")), Wait);
        Assert.Equal(1, Health(runner).DeadLetters);
    }

    [Fact]
    public async Task Reading_goes_on_from_where_it_was_after_the_journal_query_fails()
    {
        Record("before");
        Runner(Webhook());
        await _receiver.WaitForAsync(r => r.Count == 1, Wait, "the first event");

        // The tag table goes away under the running query (as a database restart would take it), then comes back.
        await EventFilter.Warning(contains: "reading the journal failed").ExpectOneAsync(() => Sql("ALTER TABLE tags RENAME TO tags_away"));
        await Sql("ALTER TABLE tags_away RENAME TO tags");
        Record("after");

        await _receiver.WaitForAsync(r => r.Count == 2, Wait, "the event written after the failure");
        Assert.Equal(["before", "after"], _receiver.Accepted.Select(r => r.RuleId));
    }

    private async Task Sql(string statement)
    {
        await using var connection = new SqliteConnection(_persistence.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = statement;
        await command.ExecuteNonQueryAsync();
    }
}
