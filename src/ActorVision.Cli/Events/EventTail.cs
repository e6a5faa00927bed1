using ActorVision.Cli.Resilience;
using ActorVision.Protocol.V1;
using Grpc.Core;

namespace ActorVision.Cli.Events;

/// <summary>
/// Follows the live event stream and survives dropped connections: it resubscribes from the offset of the
/// last event it printed, and skips anything at or before that offset the node replays, so the output has
/// no gap and no repeat across reconnects.
/// </summary>
public sealed class EventTail(
    Func<EventSubscription, CancellationToken, IAsyncEnumerable<AnalyticsEvent>> subscribe,
    StreamReconnect reconnect)
{
    /// <summary>Offset of the last event handed to the printer; where the next subscription resumes.</summary>
    public long? LastOffset { get; private set; }

    /// <param name="fromOffset">Replay events after this offset first; null: live events only.</param>
    /// <param name="print">Called once per event, in offset order.</param>
    /// <param name="interrupted">Told once per failure streak that the stream broke and will be resumed.</param>
    public async Task RunAsync(EventFilter filter, long? fromOffset, Action<AnalyticsEvent> print,
        Action<RpcException, long?>? interrupted, CancellationToken cancellationToken)
    {
        LastOffset = fromOffset;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var subscription = new EventSubscription { Filter = filter };
            if (LastOffset is { } offset)
            {
                subscription.FromOffset = offset;
                subscription.HasFromOffset = true;
            }
            RpcException failure;
            reconnect.AttemptStarting();
            try
            {
                await foreach (var e in subscribe(subscription, cancellationToken).ConfigureAwait(false))
                {
                    reconnect.Delivered();
                    if (LastOffset is { } last && e.Offset <= last)
                        continue;
                    print(e);
                    LastOffset = e.Offset;
                }
                cancellationToken.ThrowIfCancellationRequested();
                // A node that shuts down or hands over ends the stream cleanly: resume all the same.
                failure = new RpcException(new Status(StatusCode.Unavailable, "the node ended the event stream"));
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested && RetryPolicy.IsTransient(e))
            {
                failure = e;
            }
            var resumeAfter = LastOffset;
            await reconnect.BeforeReconnectAsync(failure, cancellationToken, () => interrupted?.Invoke(failure, resumeAfter)).ConfigureAwait(false);
        }
    }
}
