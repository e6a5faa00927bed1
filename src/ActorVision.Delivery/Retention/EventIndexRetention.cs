using ActorVision.Delivery.EventIndex;
using ActorVision.Domain.Storage;

namespace ActorVision.Delivery.Retention;

/// <summary>
/// Keeps the event index (the Events API's table) within an age and a number of rows, oldest first, a batch per
/// statement so that queries and the projection are never held up for long. The journal is not touched: a sink or a
/// rebuilt index still reads what the journal keeps (<see cref="JournalRetention"/>).
/// </summary>
public sealed class EventIndexRetention(EventIndexStore store, TimeSpan? maxAge, long? maxEvents) : IRetentionStep
{
    private const int Batch = 5000;

    public string Kind => "event-index";
    public bool OncePerCluster => true;

    public async Task<RetentionReport> RunAsync(DateTime now, CancellationToken cancellationToken)
    {
        long deleted = 0;
        if (maxAge is { } age)
        {
            int n;
            do deleted += n = await store.DeleteBeforeAsync(now - age, Batch, cancellationToken).ConfigureAwait(false);
            while (n == Batch && !cancellationToken.IsCancellationRequested);
        }
        if (maxEvents is { } keep)
        {
            int n;
            do deleted += n = await store.TrimAsync(keep, Batch, cancellationToken).ConfigureAwait(false);
            while (n == Batch && !cancellationToken.IsCancellationRequested);
        }
        return new RetentionReport(Kind, deleted, 0);
    }
}
