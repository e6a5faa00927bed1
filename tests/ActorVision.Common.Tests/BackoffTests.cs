using ActorVision.Common.Resilience;

namespace ActorVision.Common.Tests;

public sealed class BackoffTests
{
    private static readonly Backoff Backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), randomFactor: 0.2);

    [Fact]
    public void The_wait_doubles_per_failure_from_the_minimum_and_stops_at_the_maximum()
    {
        var waits = Enumerable.Range(1, 8).Select(n => Backoff.Delay(n, random01: 0).TotalSeconds).ToArray();
        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], waits);
        Assert.Equal(30, Backoff.Delay(int.MaxValue, 0).TotalSeconds);
    }

    [Fact]
    public void The_random_factor_only_lengthens_the_wait()
    {
        Assert.Equal(4.0, Backoff.Delay(3, 0).TotalSeconds, 6);
        Assert.Equal(4.4, Backoff.Delay(3, 0.5).TotalSeconds, 6);
        Assert.Equal(4.8, Backoff.Delay(3, 1).TotalSeconds, 6);
        Assert.Equal(Backoff.Longest, Backoff.Delay(20, 1));
        Assert.Equal(TimeSpan.FromSeconds(36), Backoff.Longest);
    }

    [Fact]
    public void Zero_or_negative_failure_counts_and_samples_outside_zero_to_one_stay_within_the_bounds()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Backoff.Delay(0, -5));
        Assert.Equal(TimeSpan.FromSeconds(1.2), Backoff.Delay(-3, 7));
    }

    [Fact]
    public void Bounds_that_make_no_sense_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Backoff(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Backoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 1.5));
    }
}
