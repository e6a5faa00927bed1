using ActorVision.Cli.Resilience;
using ActorVision.Cli.Tests.Support;
using Grpc.Core;

namespace ActorVision.Cli.Tests;

public class ResilientCallTests
{
    [Fact]
    public async Task Unavailable_is_retried_quietly_until_the_node_answers()
    {
        var harness = new RetryHarness();
        var attempts = 0;

        var result = await harness.Call.RunAsync((_, _) =>
        {
            attempts++;
            return attempts < 4 ? throw Scripted.Status(StatusCode.Unavailable, "failover") : Task.FromResult("members");
        }, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal("members", result);
        Assert.Equal(4, attempts);
        // 200 ms doubled per failure, spread by the harness's sample (0.5 of the 20 % random factor).
        Assert.Equal([TimeSpan.FromMilliseconds(220), TimeSpan.FromMilliseconds(440), TimeSpan.FromMilliseconds(880)], harness.Delays);
    }

    [Fact]
    public async Task Every_attempt_shares_one_deadline()
    {
        var harness = new RetryHarness();
        var deadlines = new List<DateTime>();

        await harness.Call.RunAsync((deadline, _) =>
        {
            deadlines.Add(deadline);
            return deadlines.Count < 3 ? throw Scripted.Status(StatusCode.Unavailable) : Task.FromResult(0);
        }, TimeSpan.FromSeconds(10), CancellationToken.None);

        var expected = (harness.Clock.Now - harness.Delays.Aggregate(TimeSpan.Zero, (a, b) => a + b) + TimeSpan.FromSeconds(10)).UtcDateTime;
        Assert.All(deadlines, d => Assert.Equal(expected, d));
        Assert.All(deadlines, d => Assert.Equal(DateTimeKind.Utc, d.Kind));
    }

    [Fact]
    public async Task It_gives_up_before_the_timeout_and_says_how_hard_it_tried()
    {
        var harness = new RetryHarness();
        var attempts = 0;

        var error = await Assert.ThrowsAsync<RetriesExhaustedException>(() => harness.Call.RunAsync<int>((_, _) =>
        {
            attempts++;
            throw Scripted.Status(StatusCode.Unavailable, "no route to shard");
        }, TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal(attempts, error.Attempts);
        Assert.Equal(StatusCode.Unavailable, error.Last.StatusCode);
        var waited = harness.Delays.Aggregate(TimeSpan.Zero, (a, b) => a + b);
        Assert.True(waited < TimeSpan.FromSeconds(5), $"waited {waited}");
        Assert.Equal(waited, error.Elapsed);
        Assert.True(attempts >= 3);
    }

    [Fact]
    public async Task A_definite_answer_is_thrown_at_once_without_waiting()
    {
        var harness = new RetryHarness();

        var error = await Assert.ThrowsAsync<RpcException>(() => harness.Call.RunAsync<int>(
            (_, _) => throw Scripted.Status(StatusCode.NotFound, "camera 'x'"), TimeSpan.FromSeconds(30), CancellationToken.None));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Empty(harness.Delays);
    }

    [Fact]
    public async Task AlreadyExists_after_an_unanswered_attempt_is_resolved_not_reported_blindly()
    {
        var harness = new RetryHarness();
        var attempts = 0;
        RpcException? resolved = null;

        var result = await harness.Call.RunAsync((_, _) =>
            {
                attempts++;
                return attempts == 1
                    ? throw Scripted.Status(StatusCode.Unavailable, "connection reset")
                    : throw Scripted.Status(StatusCode.AlreadyExists, "camera 'lobby'");
            }, TimeSpan.FromSeconds(30), CancellationToken.None,
            (error, _) =>
            {
                resolved = error;
                return Task.FromResult("our earlier add");
            });

        Assert.Equal("our earlier add", result);
        Assert.Equal(StatusCode.AlreadyExists, resolved!.StatusCode);
    }

    [Fact]
    public async Task AlreadyExists_on_the_first_attempt_is_the_truth_and_is_thrown()
    {
        var harness = new RetryHarness();
        var resolverCalled = false;

        var error = await Assert.ThrowsAsync<RpcException>(() => harness.Call.RunAsync<string>(
            (_, _) => throw Scripted.Status(StatusCode.AlreadyExists, "camera 'lobby'"),
            TimeSpan.FromSeconds(30), CancellationToken.None,
            (_, _) =>
            {
                resolverCalled = true;
                return Task.FromResult("");
            }));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.False(resolverCalled);
    }

    [Fact]
    public async Task Cancellation_stops_retrying()
    {
        using var cts = new CancellationTokenSource();
        var harness = new RetryHarness();
        var attempts = 0;

        await Assert.ThrowsAsync<RpcException>(() => harness.Call.RunAsync<int>((_, _) =>
        {
            attempts++;
            cts.Cancel();
            throw Scripted.Status(StatusCode.Unavailable);
        }, TimeSpan.FromSeconds(30), cts.Token));

        Assert.Equal(1, attempts);
        Assert.Empty(harness.Delays);
    }
}
