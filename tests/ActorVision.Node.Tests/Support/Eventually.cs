namespace ActorVision.Node.Tests.Support;

/// <summary>
/// Polls a condition of a running system until it holds or the time is up. For outcomes of real processes (a camera
/// reaching Running, a file poll applying) that have no event to wait on; the bound is generous and never asserted on.
/// </summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        T last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what}: not reached within {within.TotalSeconds:0} s; last seen: {last}");
            await Task.Delay(100);
            last = await probe();
        }
        return last;
    }
}
