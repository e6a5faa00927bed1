namespace ActorVision.Node.Tests.Support;

/// <summary>Polls a condition of a running system until it holds (or fails with what was last seen): no fixed sleeps.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> holds, TimeSpan timeout, string what, Func<T, string>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await read();
                if (holds(last)) return last;
                lastError = null;
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
            await Task.Delay(250);
        }
    }
}
