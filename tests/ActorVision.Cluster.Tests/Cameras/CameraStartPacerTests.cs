using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Tests.Devices;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;

namespace ActorVision.Cluster.Tests.Cameras;

/// <summary>
/// Starting many cameras at once: at most a few open their sources together, the rest in the order they asked, and a
/// permit comes back when its pipeline is done starting, stops, or takes too long (on the TestScheduler's clock).
/// </summary>
public sealed class CameraStartPacerTests() : TestKit(RouterFixture.Config)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void A_hundred_and_forty_four_cameras_started_at_once_open_at_most_the_concurrency_at_a_time_in_the_order_they_asked()
    {
        var pacer = Sys.ActorOf(CameraStartPacer.Props(concurrency: 4, StartTimeout));
        var pipelines = Enumerable.Range(0, 144).Select(_ => CreateTestProbe()).ToArray();
        foreach (var pipeline in pipelines) pacer.Tell(RequestCameraStart.Instance, pipeline.Ref);

        var opening = new Queue<TestProbe>();
        for (var i = 0; i < 4; i++)
        {
            pipelines[i].ExpectMsg<CameraStartPermitted>(Wait);
            opening.Enqueue(pipelines[i]);
        }
        pipelines[4].ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // Each camera whose source opened lets exactly the next one in line start.
        for (var next = 4; next < pipelines.Length; next++)
        {
            opening.Dequeue().Send(pacer, CameraStartDone.Instance);
            pipelines[next].ExpectMsg<CameraStartPermitted>(Wait);
            // Granted in the same step as next's permit, had it been: one done start lets exactly one camera in.
            if (next + 1 < pipelines.Length) pipelines[next + 1].ExpectNoMsg(TimeSpan.Zero);
            opening.Enqueue(pipelines[next]);
        }
        foreach (var started in pipelines) started.ExpectNoMsg(TimeSpan.Zero); // one permit each
    }

    [Fact]
    public void A_pipeline_that_stops_while_starting_hands_its_permit_to_the_next()
    {
        var pacer = Sys.ActorOf(CameraStartPacer.Props(concurrency: 1, StartTimeout));
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        pacer.Tell(RequestCameraStart.Instance, first.Ref);
        first.ExpectMsg<CameraStartPermitted>(Wait);
        pacer.Tell(RequestCameraStart.Instance, second.Ref);
        second.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        Sys.Stop(first.Ref);

        second.ExpectMsg<CameraStartPermitted>(Wait);
    }

    [Fact]
    public void A_source_that_never_answers_holds_its_permit_no_longer_than_the_start_timeout()
    {
        var pacer = Sys.ActorOf(CameraStartPacer.Props(concurrency: 1, StartTimeout));
        var silent = CreateTestProbe();
        var next = CreateTestProbe();
        pacer.Tell(RequestCameraStart.Instance, silent.Ref);
        silent.ExpectMsg<CameraStartPermitted>(Wait);
        pacer.Tell(RequestCameraStart.Instance, next.Ref);
        // The request is in before the clock moves.
        pacer.Tell(new Identify(1), TestActor);
        ExpectMsg<ActorIdentity>(Wait);

        Scheduler.Advance(StartTimeout - TimeSpan.FromSeconds(1));
        next.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        next.ExpectMsg<CameraStartPermitted>(Wait);

        // The late answer of the silent one gives nothing away twice.
        pacer.Tell(CameraStartDone.Instance, silent.Ref);
        var third = CreateTestProbe();
        pacer.Tell(RequestCameraStart.Instance, third.Ref);
        third.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Permits_go_in_request_order_and_a_waiter_that_leaves_the_queue_is_skipped()
    {
        var permits = new StartPermits<string>(2);
        Assert.True(permits.Request("a"));
        Assert.True(permits.Request("b"));
        Assert.False(permits.Request("c"));
        Assert.False(permits.Request("d"));
        Assert.False(permits.Request("c")); // asking twice queues once
        Assert.True(permits.Request("a"));  // a holder asking again keeps its permit

        Assert.Empty(permits.Release("c")); // c gave up waiting
        Assert.Equal(["d"], permits.Release("a"));
        Assert.Empty(permits.Release("a")); // released twice: nothing more
        Assert.Equal((2, 0), (permits.Holding, permits.Waiting));
        Assert.Empty(permits.Release("b"));
        Assert.True(permits.Request("e"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StartPermits<string>(0));
    }
}
