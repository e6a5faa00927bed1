namespace ActorVision.Tests;

/// <summary>
/// Waits for a condition that another thread or process brings about (a node dies, a shard moves, a scrape shows a
/// counter): reads it every <c>interval</c> until it holds or the timeout passes, then fails with what was last seen.
/// No fixed sleeps. A read that fails with a transient network error (a node not listening yet) counts as not yet.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<T> GetAsync<T>(
        Func<Task<T>> read, Func<T, bool> holds, TimeSpan timeout, string what, Func<T, string>? describe = null, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            T last;
            Exception? lastError = null;
            try
            {
                last = await read();
                if (holds(last)) return last;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = default!;
                lastError = ex;
            }
            if (DateTime.UtcNow > deadline)
            {
                var seen = lastError?.Message ?? (last is null ? "nothing" : describe?.Invoke(last) ?? last.ToString());
                throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0} s; last seen: {seen}");
            }
            await Task.Delay(interval ?? DefaultInterval);
        }
    }
}
