using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.Persistence.TestKit;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ActorVision.Cluster.Devices;
using ActorVision.Tests;
using Xunit.Abstractions;

namespace ActorVision.Cluster.Tests.Support;

/// <summary>
/// A TestKit whose actor system is set up like a node's, minus the database: the cluster provider (entities read
/// their node's address, pub/sub needs it) on a loopback port of its own, Akka.Persistence's in-memory journal and
/// snapshot store behind the TestKit's interceptors (so a test can make a write fail), the dispatchers the camera
/// sources and device workers run on, as shipped in hocon/.
/// </summary>
public abstract class EngineTestKit(ITestOutputHelper output) : TestKit(Config, output: output)
{
    public static Config Config { get; } = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.persistence {
          journal {
            plugin = "akka.persistence.journal.test"
            test.class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
          }
          snapshot-store {
            plugin = "akka.persistence.snapshot-store.test"
            test.class = "Akka.Persistence.TestKit.TestSnapshotStore, Akka.Persistence.TestKit"
          }
        }
        """)
        .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "hocon", "actorvision.conf"))))
        .WithFallback(InferenceSettings.DefaultConfig);

    /// <summary>The journal every entity of this system writes to; its OnWrite decides whether writes pass, fail or are rejected.</summary>
    protected ITestJournal Journal => TestJournal.FromRef(Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null));

    /// <summary>A node's devices without the inference role: no routers (the models the tests use run in the pipeline).</summary>
    protected IActorRef NoDevices => _noDevices ??= Sys.ActorOf(NodeDevices.Props(null, CameraFixtures.Catalog), NodeDevices.Name);

    private IActorRef? _noDevices;

    protected IActorRef SnapshotStore => Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);

    /// <summary>A probe that receives what is published on <paramref name="topic"/> from now on.</summary>
    protected TestProbe Subscribe(string topic)
    {
        var probe = CreateTestProbe();
        DistributedPubSub.Get(Sys).Mediator.Tell(new Subscribe(topic, probe.Ref), probe.Ref);
        probe.ExpectMsg<SubscribeAck>();
        return probe;
    }
}
