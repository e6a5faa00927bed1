using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ActorVision.Delivery.EventIndex;

/// <summary>
/// This node's live tail of the event index, shared by all its subscriptions: one reader fetches the rows after the
/// highest offset it has handed out, whenever the projection announces new ones (<see cref="Notify"/>) and at least
/// every poll interval, and offers them to each subscription. It reads only while someone is subscribed.
/// </summary>
public sealed class EventFeed : IAsyncDisposable
{
    private const int PageSize = 500;

    private readonly EventIndexStore _store;
    private readonly EventIndexSettings _settings;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<EventFeedSubscription> _subscriptions = [];
    private readonly Channel<bool> _wakeUp = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _position;

    public EventFeed(EventIndexStore store, EventIndexSettings settings, ILogger<EventFeed> log)
    {
        _store = store;
        _settings = settings;
        _log = log;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The index has events up to <paramref name="offset"/>: read them now rather than at the next poll.</summary>
    public void Notify(long offset)
    {
        if (offset > Volatile.Read(ref _position)) _wakeUp.Writer.TryWrite(true);
    }

    /// <summary>Subscribes to every event written to the index after the subscription's <see cref="EventFeedSubscription.Position"/>.</summary>
    public async Task<EventFeedSubscription> SubscribeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Nobody was listening, so the position may be stale: start from what the index holds now.
            bool idle;
            lock (_subscriptions) idle = _subscriptions.Count == 0;
            if (idle) Volatile.Write(ref _position, await _store.MaxOffsetAsync(cancellationToken).ConfigureAwait(false));
            var subscription = new EventFeedSubscription(_position, _settings.SubscriberBuffer, Unsubscribe);
            lock (_subscriptions) _subscriptions.Add(subscription);
            return subscription;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        lock (_subscriptions)
        {
            foreach (var subscription in _subscriptions) subscription.Complete();
        }
    }

    private void Unsubscribe(EventFeedSubscription subscription)
    {
        lock (_subscriptions) _subscriptions.Remove(subscription);
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                wait.CancelAfter(_settings.FeedPollInterval);
                try
                {
                    await _wakeUp.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                {
                    // poll interval elapsed: look anyway, a notification may have been lost
                }
            }
            try
            {
                await ReadNewEventsAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be down for a while: subscribers wait, nothing is skipped (the position stays).
                _log.LogWarning("event feed: reading the event index failed, retrying: {Error}", ex.Message);
            }
        }
    }

    private async Task ReadNewEventsAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                EventFeedSubscription[] subscribers;
                lock (_subscriptions) subscribers = _subscriptions.ToArray();
                if (subscribers.Length == 0) return;
                var rows = await _store.QueryAsync(EventQueryFilter.All, _position, PageSize, cancellationToken).ConfigureAwait(false);
                foreach (var row in rows)
                {
                    foreach (var subscriber in subscribers)
                    {
                        if (!subscriber.Offer(row)) Unsubscribe(subscriber);
                    }
                }
                if (rows.Count > 0) Volatile.Write(ref _position, rows[^1].Offset);
                if (rows.Count < PageSize) return;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
