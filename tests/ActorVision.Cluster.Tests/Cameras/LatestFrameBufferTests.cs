using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using Akka.TestKit.Xunit2;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Core.Imaging;

namespace ActorVision.Cluster.Tests.Cameras;

/// <summary>The live camera's "keep newest" stage: never blocks upstream, returns replaced frames to their pool, counts them.</summary>
public sealed class LatestFrameBufferTests : TestKit
{
    private readonly FramePool _pool = new(4, 4, PixelFormat.Gray8);

    private VideoFrame Frame(long sequence)
    {
        var frame = _pool.Rent();
        frame.SetTiming(sequence, sequence, TimeSpan.FromMilliseconds(40 * sequence), DateTime.UtcNow);
        return frame;
    }

    [Fact]
    public void A_slow_consumer_gets_the_newest_frame_and_every_replaced_frame_is_released_and_counted()
    {
        var drops = 0;
        var (upstream, downstream) = this.SourceProbe<VideoFrame>()
            .Via(new LatestFrameBuffer(() => drops++))
            .ToMaterialized(this.SinkProbe<VideoFrame>(), Keep.Both)
            .Run(Sys.Materializer());

        downstream.Request(1);
        var first = Frame(1);
        upstream.SendNext(first);
        Assert.Same(first, downstream.ExpectNext());

        // Nobody asks while three frames arrive: the buffer keeps pulling (SendNext would time out otherwise)
        // and keeps only the newest.
        var replaced = new[] { Frame(2), Frame(3) };
        foreach (var frame in replaced) upstream.SendNext(frame);
        var newest = Frame(4);
        upstream.SendNext(newest);

        downstream.Request(1);
        Assert.Same(newest, downstream.ExpectNext());
        Assert.Equal(2, drops);
        Assert.All(replaced, f => Assert.Equal(0, f.RefCount));
    }

    [Fact]
    public void Completing_upstream_delivers_the_pending_frame_then_completes()
    {
        var (upstream, downstream) = this.SourceProbe<VideoFrame>()
            .Via(new LatestFrameBuffer(() => { }))
            .ToMaterialized(this.SinkProbe<VideoFrame>(), Keep.Both)
            .Run(Sys.Materializer());

        var last = Frame(9);
        upstream.SendNext(last);
        upstream.SendComplete();

        downstream.Request(1);
        Assert.Same(last, downstream.ExpectNext());
        downstream.ExpectComplete();
    }

    [Fact]
    public void Cancelling_releases_the_frame_it_held()
    {
        var (upstream, downstream) = this.SourceProbe<VideoFrame>()
            .Via(new LatestFrameBuffer(() => { }))
            .ToMaterialized(this.SinkProbe<VideoFrame>(), Keep.Both)
            .Run(Sys.Materializer());

        var held = Frame(5);
        upstream.SendNext(held);
        downstream.Cancel();
        upstream.ExpectCancellation();

        AwaitAssert(() => Assert.Equal(0, held.RefCount));
    }
}
