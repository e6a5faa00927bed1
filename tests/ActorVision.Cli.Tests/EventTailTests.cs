using ActorVision.Cli.Events;
using ActorVision.Cli.Resilience;
using ActorVision.Cli.Tests.Support;
using ActorVision.Protocol.V1;
using Grpc.Core;

namespace ActorVision.Cli.Tests;

public class EventTailTests
{
    private static AnalyticsEvent At(long offset) => new() { Id = $"e{offset}", Offset = offset, CameraId = "lobby", Type = "LineCrossed" };

    private static IEnumerable<AnalyticsEvent> Range(long from, long to)
    {
        for (var o = from; o <= to; o++)
            yield return At(o);
    }

    /// <summary>
    /// Runs a tail against scripted subscriptions (one script per connection) and stops it once the expected
    /// number of events is printed.
    /// </summary>
    private static async Task<(List<long> Printed, List<EventSubscription> Subscriptions, RetryHarness Harness)> TailAsync(
        IReadOnlyList<Func<IAsyncEnumerable<AnalyticsEvent>>> connections, int stopAfter, long? fromOffset = null)
    {
        var harness = new RetryHarness();
        var subscriptions = new List<EventSubscription>();
        var printed = new List<long>();
        using var stop = new CancellationTokenSource();
        var tail = new EventTail((subscription, _) =>
        {
            subscriptions.Add(subscription.Clone());
            var index = subscriptions.Count - 1;
            return index < connections.Count ? connections[index]() : Scripted.Stream<AnalyticsEvent>([], Scripted.Status(StatusCode.Unavailable));
        }, new StreamReconnect(harness.Call, TimeSpan.FromSeconds(30)));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tail.RunAsync(new EventFilter { CameraId = "lobby" }, fromOffset, e =>
        {
            printed.Add(e.Offset);
            if (printed.Count == stopAfter)
                stop.Cancel();
        }, null, stop.Token));
        return (printed, subscriptions, harness);
    }

    [Fact]
    public async Task A_dropped_stream_resumes_after_the_last_printed_offset_with_no_gap_and_no_repeat()
    {
        var (printed, subscriptions, harness) = await TailAsync(
        [
            () => Scripted.Stream(Range(101, 103), Scripted.Status(StatusCode.Unavailable, "node went away")),
            // The node replays from the offset it was given, inclusive: 103 must not print twice.
            () => Scripted.Stream(Range(103, 106)),
        ], stopAfter: 6);

        Assert.Equal([101, 102, 103, 104, 105, 106], printed);
        Assert.False(subscriptions[0].HasFromOffset);
        Assert.True(subscriptions[1].HasFromOffset);
        Assert.Equal(103, subscriptions[1].FromOffset);
        Assert.Equal("lobby", subscriptions[1].Filter.CameraId);
        Assert.Single(harness.Delays);
    }

    [Fact]
    public async Task Several_failures_in_a_row_back_off_and_still_resume_from_the_same_offset()
    {
        var (printed, subscriptions, harness) = await TailAsync(
        [
            () => Scripted.Stream(Range(1, 2), Scripted.Status(StatusCode.Unavailable)),
            () => Scripted.Stream<AnalyticsEvent>([], Scripted.Status(StatusCode.Unavailable, "connection refused")),
            () => Scripted.Stream<AnalyticsEvent>([], new RpcException(new Status(StatusCode.Internal, "reset", new IOException("broken pipe")))),
            () => Scripted.Stream(Range(2, 4)),
        ], stopAfter: 4);

        Assert.Equal([1, 2, 3, 4], printed);
        Assert.All(subscriptions.Skip(1), s => Assert.Equal(2, s.FromOffset));
        Assert.Equal(3, harness.Delays.Count);
        Assert.True(harness.Delays[1] > harness.Delays[0]);
    }

    [Fact]
    public async Task The_operator_is_told_once_per_outage_not_once_per_attempt()
    {
        var harness = new RetryHarness();
        var connection = 0;
        var notes = new List<(StatusCode Code, long? Offset)>();
        using var stop = new CancellationTokenSource();
        var tail = new EventTail((_, _) => ++connection switch
        {
            1 => Scripted.Stream(Range(1, 5), Scripted.Status(StatusCode.Unavailable)),
            2 or 3 or 4 => Scripted.Stream<AnalyticsEvent>([], Scripted.Status(StatusCode.Unavailable)),
            5 => Scripted.Stream(Range(6, 6), Scripted.Status(StatusCode.Unavailable)),
            _ => Scripted.Stream(Range(7, 7)),
        }, new StreamReconnect(harness.Call, TimeSpan.FromSeconds(30)));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tail.RunAsync(new EventFilter(), null,
            e => { if (e.Offset == 7) stop.Cancel(); },
            (failure, offset) => notes.Add((failure.StatusCode, offset)), stop.Token));

        Assert.Equal([(StatusCode.Unavailable, 5L), (StatusCode.Unavailable, 6L)], notes.Select(n => (n.Code, n.Offset ?? -1)));
        Assert.Equal(5, harness.Delays.Count);
    }

    [Fact]
    public async Task A_stream_the_node_ends_cleanly_is_resumed_too()
    {
        var (printed, subscriptions, _) = await TailAsync(
        [
            () => Scripted.Stream(Range(10, 11)),
            () => Scripted.Stream(Range(12, 12)),
        ], stopAfter: 3);

        Assert.Equal([10, 11, 12], printed);
        Assert.Equal(11, subscriptions[1].FromOffset);
    }

    [Fact]
    public async Task A_start_offset_replays_history_first()
    {
        var (printed, subscriptions, _) = await TailAsync([() => Scripted.Stream(Range(0, 2))], stopAfter: 2, fromOffset: 0);

        Assert.True(subscriptions[0].HasFromOffset);
        Assert.Equal(0, subscriptions[0].FromOffset);
        Assert.Equal([1, 2], printed);
    }

    [Fact]
    public async Task It_gives_up_when_the_node_stays_away_for_the_whole_timeout()
    {
        var harness = new RetryHarness();
        var attempts = 0;
        var tail = new EventTail((_, _) =>
        {
            attempts++;
            return Scripted.Stream<AnalyticsEvent>([], Scripted.Status(StatusCode.Unavailable, "connection refused"));
        }, new StreamReconnect(harness.Call, TimeSpan.FromSeconds(10)));

        var error = await Assert.ThrowsAsync<RetriesExhaustedException>(() =>
            tail.RunAsync(new EventFilter(), null, _ => { }, null, CancellationToken.None));

        Assert.Equal(attempts, error.Attempts);
        Assert.True(error.Elapsed < TimeSpan.FromSeconds(10));
        Assert.True(attempts > 3);
    }

    [Fact]
    public async Task A_definite_refusal_is_not_retried()
    {
        var harness = new RetryHarness();
        var tail = new EventTail((_, _) => Scripted.Stream<AnalyticsEvent>([], Scripted.Status(StatusCode.Unauthenticated)),
            new StreamReconnect(harness.Call, TimeSpan.FromSeconds(10)));

        var error = await Assert.ThrowsAsync<RpcException>(() => tail.RunAsync(new EventFilter(), null, _ => { }, null, CancellationToken.None));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Empty(harness.Delays);
    }

    [Fact]
    public async Task A_long_healthy_connection_starts_a_fresh_retry_window()
    {
        var harness = new RetryHarness();
        var printed = new List<long>();
        var connection = 0;
        using var stop = new CancellationTokenSource();
        var tail = new EventTail((_, _) =>
        {
            connection++;
            if (connection == 4)
                return Scripted.Stream(Range(1, 1));
            // Each connection stays up (quietly) for a minute, longer than the 10 s window, then breaks.
            harness.Clock.Advance(TimeSpan.FromMinutes(1));
            return Scripted.Stream<AnalyticsEvent>([], Scripted.Status(StatusCode.Unavailable));
        }, new StreamReconnect(harness.Call, TimeSpan.FromSeconds(10)));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tail.RunAsync(new EventFilter(), null, e =>
        {
            printed.Add(e.Offset);
            stop.Cancel();
        }, null, stop.Token));

        Assert.Equal([1], printed);
        Assert.All(harness.Delays, d => Assert.Equal(RetryPolicy.Default.Backoff(1, 0.5), d));
    }
}
