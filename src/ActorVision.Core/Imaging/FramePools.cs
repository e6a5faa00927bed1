using System.Collections.Concurrent;

namespace ActorVision.Core.Imaging;

/// <summary>
/// Frame pools a node's cameras share, one per size and format. A pool of its own per camera keeps, for every camera,
/// as many frames as that camera ever held at once (two, when its decoder hands the graph the next frame a moment
/// before the last one is back); a shared one keeps as many as the whole node holds at once, which is what is in flight,
/// not a high-water mark per camera.
/// </summary>
/// <param name="maxRetainedPerPool">Free frames one pool keeps; frames given back beyond it are left to the GC.</param>
public sealed class FramePools(int maxRetainedPerPool = FramePools.DefaultMaxRetained)
{
    /// <summary>Enough for a node holding a frame for every camera it can take, so a saturated node churns no large frames.</summary>
    public const int DefaultMaxRetained = 1024;

    private readonly ConcurrentDictionary<(int Width, int Height, PixelFormat Format), FramePool> _pools = new();

    /// <summary>The pool of frames of this size and format (made on first use).</summary>
    public FramePool For(int width, int height, PixelFormat format) =>
        _pools.GetOrAdd((width, height, format), static (key, retained) => new FramePool(key.Width, key.Height, key.Format, retained), maxRetainedPerPool);

    /// <summary>Frames all the pools have allocated.</summary>
    public long Created => _pools.Values.Sum(pool => pool.Created);
}
