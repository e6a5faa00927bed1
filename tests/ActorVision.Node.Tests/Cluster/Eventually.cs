namespace ActorVision.Node.Tests.Cluster;

/// <summary>
/// Waits for a condition that other processes bring about (a node dies, a shard moves): checks it every
/// <c>interval</c> until it holds or the deadline passes, then fails with what was last seen.
/// </summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> observe, Func<T, bool> holds, TimeSpan deadline, Func<T, string> describe,
        TimeSpan? interval = null)
    {
        var until = DateTime.UtcNow + deadline;
        var last = await observe();
        while (!holds(last))
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"not reached within {deadline.TotalSeconds:0} s; last seen: {describe(last)}");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(250));
            last = await observe();
        }
        return last;
    }
}
