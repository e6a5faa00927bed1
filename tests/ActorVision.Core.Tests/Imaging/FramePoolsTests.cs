using ActorVision.Core.Imaging;

namespace ActorVision.Core.Tests.Imaging;

/// <summary>A node's cameras share one pool per frame size and format, so frames retained follow what the node holds at
/// once, not each camera's high-water mark.</summary>
public sealed class FramePoolsTests
{
    [Fact]
    public void Sources_of_one_size_and_format_share_a_pool_and_others_get_their_own()
    {
        var pools = new FramePools();
        var a = pools.For(640, 360, PixelFormat.Rgb24);
        Assert.Same(a, pools.For(640, 360, PixelFormat.Rgb24));
        Assert.NotSame(a, pools.For(640, 360, PixelFormat.Bgr24));
        Assert.NotSame(a, pools.For(320, 180, PixelFormat.Rgb24));
    }

    [Fact]
    public void Cameras_taking_turns_reuse_the_same_frames()
    {
        var pools = new FramePools();
        // 100 cameras, each holding one frame at a time and giving it back before the next camera takes one: with a
        // pool per camera that would be 100 frames kept; shared, it is one.
        for (var camera = 0; camera < 100; camera++)
        {
            var frame = pools.For(64, 36, PixelFormat.Rgb24).Rent();
            frame.Release();
        }
        Assert.Equal(1, pools.Created);
    }

    [Fact]
    public void Frames_beyond_what_a_pool_retains_are_left_to_the_collector()
    {
        var pools = new FramePools(maxRetainedPerPool: 2);
        var pool = pools.For(64, 36, PixelFormat.Rgb24);
        var held = Enumerable.Range(0, 3).Select(_ => pool.Rent()).ToList();
        held.ForEach(frame => frame.Release());
        Assert.Equal(2, pool.Available);
        Assert.Equal(3, pools.Created);
    }
}
