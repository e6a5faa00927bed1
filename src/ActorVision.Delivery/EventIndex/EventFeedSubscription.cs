using System.Threading.Channels;

namespace ActorVision.Delivery.EventIndex;

/// <summary>
/// A live view of the event index: every event after <see cref="Position"/> arrives on <see cref="Events"/>, in offset
/// order. A subscriber that falls more than the buffer behind finds the channel completed with <see cref="Overflowed"/>
/// set; it then reads what it missed from the index and subscribes again. Dispose to stop.
/// </summary>
public sealed class EventFeedSubscription : IDisposable
{
    private readonly Channel<IndexedEvent> _channel;
    private readonly Action<EventFeedSubscription> _unsubscribe;
    private volatile bool _overflowed;

    internal EventFeedSubscription(long position, int buffer, Action<EventFeedSubscription> unsubscribe)
    {
        Position = position;
        _channel = Channel.CreateBounded<IndexedEvent>(new BoundedChannelOptions(buffer) { SingleReader = true, SingleWriter = true });
        _unsubscribe = unsubscribe;
    }

    /// <summary>The index's highest offset when the subscription began.</summary>
    public long Position { get; }

    public ChannelReader<IndexedEvent> Events => _channel.Reader;

    public bool Overflowed => _overflowed;

    /// <returns>false when the subscriber has fallen too far behind (the subscription is then over).</returns>
    internal bool Offer(IndexedEvent e)
    {
        if (_channel.Writer.TryWrite(e)) return true;
        _overflowed = true;
        _channel.Writer.TryComplete();
        return false;
    }

    internal void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _unsubscribe(this);
    }
}
