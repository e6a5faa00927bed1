using System.Globalization;
using ActorVision.Core.Validation;
using ActorVision.Node.Access;
using Grpc.Core;
using ActorVision.Delivery.EventIndex;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Api;

/// <summary>
/// Analytics events from the event index. Queries page by offset (the page token is the last offset of the page).
/// A subscription with a from_offset replays the matching indexed events after it, then follows this node's live feed;
/// events are delivered in offset order, none twice, none skipped, across the switch from replay to live and across a
/// subscriber falling behind (it then reads from the index again until it has caught up).
/// </summary>
public sealed class EventsService(EventIndexServices index, IHostApplicationLifetime lifetime, ILogger<EventsService> log) : V1.Events.EventsBase
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    private const int ReplayPageSize = 500;

    [Requires(AccessRole.Viewer)]
    public override async Task<V1.EventPage> QueryEvents(V1.EventQuery request, ServerCallContext context)
    {
        var errors = new List<FieldError>();
        var filter = EventFilters.From(request.Filter, errors);
        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        if (pageSize is < 1 or > MaxPageSize) errors.Add(new FieldError("page_size", $"{request.PageSize} is out of range: use 1 to {MaxPageSize} (0: {DefaultPageSize})"));
        long after = 0;
        if (request.PageToken.Length > 0 && (!long.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
            errors.Add(new FieldError("page_token", "is not a token this API returned"));
        if (errors.Count > 0) throw ApiErrors.InvalidArgument(errors);

        var rows = await index.Store.QueryAsync(filter, after, pageSize + 1, context.CancellationToken);
        var page = new V1.EventPage();
        page.Events.AddRange(rows.Take(pageSize).Select(r => r.ToProto()));
        if (rows.Count > pageSize) page.NextPageToken = rows[pageSize - 1].Offset.ToString(CultureInfo.InvariantCulture);
        return page;
    }

    [Requires(AccessRole.Viewer)]
    public override async Task SubscribeEvents(V1.EventSubscription request, IServerStreamWriter<V1.AnalyticsEvent> responseStream, ServerCallContext context)
    {
        var errors = new List<FieldError>();
        var filter = EventFilters.From(request.Filter, errors);
        if (request.HasFromOffset && request.FromOffset < 0) errors.Add(new FieldError("from_offset", "must not be negative"));
        if (errors.Count > 0) throw ApiErrors.InvalidArgument(errors);

        // Streams end when the node stops, so shutdown does not wait for clients; they resume elsewhere from their offset.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var ct = ending.Token;
        long? last = request.HasFromOffset ? request.FromOffset : null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // Subscribe first, then replay: whatever the replay does not reach arrives through the subscription.
                using var live = await index.Feed.SubscribeAsync(ct);
                if (last is null) last = live.Position;
                else last = await ReplayAsync(filter, last.Value, responseStream, ct);
                await foreach (var row in live.Events.ReadAllAsync(ct))
                {
                    if (row.Offset <= last) continue;
                    last = row.Offset;
                    if (filter.Matches(row)) await responseStream.WriteAsync(row.ToProto(), ct);
                }
                if (!live.Overflowed) return; // the node is shutting down: the client resumes elsewhere from its last offset
                log.LogInformation("event subscription fell more than the feed's buffer behind; reading from the index after offset {Offset}", last);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the client went away, or the node is stopping
        }
    }

    /// <returns>The offset of the last event replayed (or <paramref name="after"/> when there was none).</returns>
    private async Task<long> ReplayAsync(EventQueryFilter filter, long after, IServerStreamWriter<V1.AnalyticsEvent> stream, CancellationToken ct)
    {
        while (true)
        {
            var rows = await index.Store.QueryAsync(filter, after, ReplayPageSize, ct);
            foreach (var row in rows)
            {
                await stream.WriteAsync(row.ToProto(), ct);
                after = row.Offset;
            }
            if (rows.Count < ReplayPageSize) return after;
        }
    }
}
