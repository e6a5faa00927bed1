using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Tests.Devices;
using ActorVision.Cluster.Threading;
using ActorVision.Inference.Detectors;
using ActorVision.Inference.Models;
using ActorVision.Media;
using ActorVision.Tests;
using Akka.Actor;
using Akka.Configuration;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorVision.Cluster.Tests.Threading;

/// <summary>
/// The heavy work of cameras runs on threads at a higher nice value than the actor system's own, so an overloaded node
/// still persists and gossips. These read each thread's real nice value from the kernel (Linux, where the node runs).
/// </summary>
public sealed class ThreadNicenessTests(ITestOutputHelper output) : TestKit(Config, output: output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static readonly Config Config = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        test-dispatcher {
          type = Dispatcher
          executor = "ActorVision.Cluster.Threading.NicedThreadPoolConfigurator, ActorVision.Cluster"
          niced-thread-pool { min-threads = 2, max-threads = 2, niceness = 7 }
          throughput = 1
        }
        """)
        .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "hocon", "actorvision.conf"))))
        .WithFallback(InferenceSettings.DefaultConfig);

    [Fact]
    public void Actors_on_a_niced_dispatcher_run_on_its_threads_at_its_nice_value()
    {
        var actors = Enumerable.Range(0, 4).Select(_ => Sys.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher("test-dispatcher"))).ToList();

        for (var round = 0; round < 5; round++)
        foreach (var actor in actors) actor.Tell("where");

        var seen = Enumerable.Range(0, 20).Select(_ => ExpectMsg<(string Thread, int Nice)>(Wait)).ToList();
        Assert.All(seen, s => Assert.Equal(7, s.Nice));
        Assert.All(seen, s => Assert.StartsWith("test-dispatcher-", s.Thread));
    }

    [Theory]
    [InlineData("actorvision.analysis-dispatcher")]
    [InlineData("actorvision.snapshot-dispatcher")]
    [InlineData("actorvision.live-view-dispatcher")]
    public void The_shipped_dispatchers_of_heavy_work_run_at_nice_5(string dispatcher)
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher(dispatcher));

        actor.Tell("where");

        Assert.Equal(5, ExpectMsg<(string Thread, int Nice)>(Wait).Nice);
    }

    [Fact]
    public async Task Threads_of_the_dotnet_pool_are_never_made_nicer()
    {
        // Akka's default dispatcher and ASP.NET run there: they are what the heavy work must yield to.
        var (lowered, before, after) = await Task.Run(() =>
        {
            var was = ThreadNiceness.Current();
            return (ThreadNiceness.Lower(9), was, ThreadNiceness.Current());
        });

        Assert.False(lowered);
        Assert.Equal(before, after);
    }

    [Fact]
    public void A_model_worker_opens_its_session_at_the_worker_niceness_so_the_runtime_threads_inherit_it()
    {
        var opened = CreateTestProbe();
        var settings = RouterFixture.Settings() with { WorkerNiceness = 6 };
        var router = Sys.ActorOf(DeviceRouter.Props(ExecutionProvider.Cpu, [RouterFixture.Poisonable()], settings, spec =>
        {
            opened.Tell(ThreadNiceness.Current());
            return DetectorFactory.Create(spec);
        }));
        router.Tell(WaitUntilReady.Instance);

        opened.ExpectMsg(6, Wait);
        ExpectMsg<DeviceReady>(Wait);
    }

    [Fact]
    public void A_camera_decodes_on_a_thread_at_the_camera_niceness()
    {
        var observer = new NiceWatch();
        var stage = new DecodeStage(() => FrameSource.Open(new FrameSourceOptions(TestAssets.Pedestrians) { OutputWidth = 320 }), observer,
            live: false, replaced: () => { }, threadName: "decode test", niceness: 4);

        var done = Source.FromGraph(stage).Take(3).RunForeach(frame => frame.Release(), Sys.Materializer());

        Assert.True(done.Wait(Wait), "the frames were not decoded");
        Assert.Equal([4], observer.Seen.Distinct());
    }

    [Fact]
    public void A_nice_value_outside_0_to_19_is_a_configuration_error_naming_the_setting()
    {
        var inference = Assert.Throws<ConfigurationException>(() =>
            InferenceSettings.FromConfig(ConfigurationFactory.ParseString("actorvision.inference.worker-niceness = 25")));
        var cameras = Assert.Throws<ConfigurationException>(() =>
            CameraRuntimeSettings.FromConfig(ConfigurationFactory.ParseString("niceness = -1")));

        Assert.Contains("actorvision.inference.worker-niceness", inference.Message);
        Assert.Contains("actorvision.cameras.niceness", cameras.Message);
    }

    private sealed class ThreadReporter : ReceiveActor
    {
        public ThreadReporter() => Receive<string>(_ => Sender.Tell((Thread.CurrentThread.Name ?? "", ThreadNiceness.Current())));
    }

    /// <summary>Records the nice value of the thread that reads each frame.</summary>
    private sealed class NiceWatch : ISourceObserver
    {
        public List<int> Seen { get; } = [];
        public void Opened(StreamInfo info) { }
        public void Failed(MediaException error) { }
        public void Current(FrameSource? source) { }
        public void FrameRead(TimeSpan elapsed) { lock (Seen) Seen.Add(ThreadNiceness.Current()); }
    }
}
