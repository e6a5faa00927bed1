namespace ActorVision.Delivery.Tests;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2, DeadLetterUnreachable: false, MaxRetryAfter: TimeSpan.FromMinutes(5));

    [Fact]
    public void Backoff_doubles_per_failure_from_the_minimum_and_stops_at_the_maximum()
    {
        var waits = Enumerable.Range(1, 8).Select(n => Policy.Backoff(n, null, random: 0).TotalSeconds).ToArray();
        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], waits);
    }

    [Fact]
    public void Jitter_spreads_the_wait_by_up_to_the_random_factor()
    {
        Assert.Equal(4.0, Policy.Backoff(3, null, 0).TotalSeconds, 6);
        Assert.Equal(4.4, Policy.Backoff(3, null, 0.5).TotalSeconds, 6);
        Assert.Equal(4.8, Policy.Backoff(3, null, 1).TotalSeconds, 6);
        Assert.Equal(36, Policy.Backoff(20, null, 1).TotalSeconds, 6);
    }

    [Fact]
    public void The_receivers_Retry_After_wins_when_longer_up_to_max_retry_after()
    {
        Assert.Equal(10, Policy.Backoff(1, TimeSpan.FromSeconds(10), 0).TotalSeconds, 6);
        Assert.Equal(4, Policy.Backoff(3, TimeSpan.FromSeconds(1), 0).TotalSeconds, 6);
        Assert.Equal(120, Policy.Backoff(1, TimeSpan.FromSeconds(120), 0).TotalSeconds, 6); // beyond max-backoff: honoured
        Assert.Equal(300, Policy.Backoff(1, TimeSpan.FromHours(1), 0).TotalSeconds, 6);
    }

    [Fact]
    public void A_cap_shorter_than_the_backoff_never_shortens_the_backoff()
    {
        var policy = Policy with { MaxRetryAfter = TimeSpan.FromSeconds(2) };
        Assert.Equal(16, policy.Backoff(5, TimeSpan.FromMinutes(1), 0).TotalSeconds, 6);
    }
}
