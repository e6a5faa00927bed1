using ActorVision.Cli.Errors;
using ActorVision.Protocol.V1;

namespace ActorVision.Cli.Events;

/// <summary>Pages through a query until the limit or the last page, asking for no more than it will keep.</summary>
public static class EventPager
{
    public const int MaxPageSize = 1000;

    public static async Task<EventQueryResult> CollectAsync(
        Func<EventQuery, CancellationToken, Task<EventPage>> query,
        EventFilter filter, int limit, string pageToken, CancellationToken cancellationToken)
    {
        if (limit <= 0)
            throw new UsageException("--limit must be at least 1");
        var result = new EventPage();
        var token = pageToken;
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        var truncated = false;
        while (result.Events.Count < limit)
        {
            var page = await query(new EventQuery
            {
                Filter = filter,
                PageSize = Math.Min(MaxPageSize, limit - result.Events.Count),
                PageToken = token,
            }, cancellationToken).ConfigureAwait(false);
            var room = limit - result.Events.Count;
            result.Events.AddRange(page.Events.Take(room));
            token = page.NextPageToken;
            if (page.Events.Count > room)
            {
                // The node sent more than asked: the rest of this page has no token of its own to resume from.
                truncated = true;
                break;
            }
            if (token.Length == 0)
                break;
            if (!seenTokens.Add(token))
                throw new CommandFailedException(ExitCodes.Failure, "the node returned the same page token twice; stopping rather than looping");
        }
        result.NextPageToken = truncated ? "" : token;
        return new EventQueryResult(result, truncated || token.Length > 0);
    }
}
