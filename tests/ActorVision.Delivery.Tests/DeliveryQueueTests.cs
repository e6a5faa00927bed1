using static ActorVision.Delivery.Tests.DeliveryTestEvents;

namespace ActorVision.Delivery.Tests;

public sealed class DeliveryQueueTests
{
    private static readonly DateTime T0 = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);
    private static readonly RetryPolicy Retry = new(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0, DeadLetterUnreachable: false, MaxRetryAfter: TimeSpan.FromMinutes(1));

    [Fact]
    public void One_event_per_camera_is_in_flight_and_cameras_go_in_parallel_up_to_the_limit()
    {
        var queue = new DeliveryQueue(Retry, parallelism: 2, startOffset: 0);
        queue.Add(Item(1, "lobby"));
        queue.Add(Item(2, "lobby"));
        queue.Add(Item(3, "yard"));
        queue.Add(Item(4, "gate"));

        Assert.Equal([1L, 3L], queue.Start(T0).Select(a => a.Item.Offset));
        Assert.Empty(queue.Start(T0));
        queue.Finished(1);
        Assert.Equal([4L], queue.Start(T0).Select(a => a.Item.Offset));
        queue.Finished(3);
        Assert.Equal([2L], queue.Start(T0).Select(a => a.Item.Offset));
    }

    [Fact]
    public void The_watermark_stops_below_the_oldest_unfinished_event_and_skipped_entries_move_it_on()
    {
        var queue = new DeliveryQueue(Retry, parallelism: 4, startOffset: 10);
        queue.Add(Item(11, "lobby"));
        queue.Skip(12);
        queue.Add(Item(13, "yard"));
        queue.Start(T0);
        queue.Finished(13);
        Assert.Equal(10, queue.Watermark);
        queue.Finished(11);
        Assert.Equal(13, queue.Watermark);
        queue.Skip(14);
        Assert.Equal(14, queue.Watermark);
        Assert.False(queue.Add(Item(13, "lobby")), "a re-read offset is ignored");
    }

    [Fact]
    public void A_rejected_event_holds_its_camera_back_retries_with_backoff_and_is_dead_lettered_at_max_attempts()
    {
        var queue = new DeliveryQueue(Retry, parallelism: 4, startOffset: 0);
        queue.Add(Item(1, "lobby"));
        queue.Add(Item(2, "lobby"));
        queue.Add(Item(3, "yard"));
        queue.Start(T0);

        var first = queue.Failed(1, DeliveryOutcome.Rejected("HTTP 500"), T0, 0);
        Assert.Equal((false, T0.AddSeconds(1), 1), (first.DeadLetter, first.RetryAt, first.Attempts));
        queue.Finished(3);
        Assert.Empty(queue.Start(T0.AddMilliseconds(999))); // lobby's 2 waits behind 1: order per camera
        Assert.Equal(1, queue.Retrying);

        Assert.Equal([1L], queue.Start(T0.AddSeconds(1)).Select(a => a.Item.Offset));
        var second = queue.Failed(1, DeliveryOutcome.Rejected("HTTP 500"), T0.AddSeconds(1), 0);
        Assert.Equal(T0.AddSeconds(3), second.RetryAt);
        Assert.Equal([1L], queue.Start(T0.AddSeconds(3)).Select(a => a.Item.Offset));
        var third = queue.Failed(1, DeliveryOutcome.Rejected("HTTP 500"), T0.AddSeconds(3), 0);
        Assert.True(third.DeadLetter);
        Assert.Equal(3, third.Attempts);

        queue.Finished(1); // dead letter recorded
        Assert.Equal([2L], queue.Start(T0.AddSeconds(3)).Select(a => a.Item.Offset));
    }

    [Fact]
    public void An_unreachable_receiver_is_retried_without_end_unless_the_policy_dead_letters_it()
    {
        var patient = new DeliveryQueue(Retry, 1, 0);
        patient.Add(Item(1));
        var now = T0;
        var lastWait = TimeSpan.Zero;
        for (var i = 0; i < 20; i++)
        {
            Assert.Single(patient.Start(now));
            var decision = patient.Failed(1, DeliveryOutcome.Unreachable("connection refused"), now, 0);
            Assert.False(decision.DeadLetter);
            lastWait = decision.RetryAt - now;
            now = decision.RetryAt;
        }
        Assert.Equal(TimeSpan.FromSeconds(10), lastWait); // capped at max-backoff

        var strict = new DeliveryQueue(Retry with { DeadLetterUnreachable = true }, 1, 0);
        strict.Add(Item(1));
        strict.Start(T0);
        Assert.False(strict.Failed(1, DeliveryOutcome.Unreachable("connection refused"), T0, 0).DeadLetter);
        strict.Start(T0.AddSeconds(1));
        Assert.False(strict.Failed(1, DeliveryOutcome.Unreachable("connection refused"), T0.AddSeconds(1), 0).DeadLetter);
        strict.Start(T0.AddSeconds(3));
        Assert.True(strict.Failed(1, DeliveryOutcome.Unreachable("connection refused"), T0.AddSeconds(3), 0).DeadLetter);
    }

    [Fact]
    public void A_receiver_saying_not_now_is_retried_past_max_attempts_after_its_Retry_After_within_the_cap()
    {
        var queue = new DeliveryQueue(Retry, 2, 0);
        queue.Add(Item(1, "lobby"));
        queue.Add(Item(2, "lobby"));
        var now = T0;
        for (var i = 0; i < 3 * Retry.MaxAttempts; i++)
        {
            Assert.Equal([1L], queue.Start(now).Select(a => a.Item.Offset));
            var decision = queue.Failed(1, DeliveryOutcome.Unavailable("HTTP 503 Service Unavailable"), now, 0);
            Assert.False(decision.DeadLetter);
            Assert.Equal(0, decision.Attempts);
            Assert.Empty(queue.Start(now)); // lobby's 2 waits behind 1
            now = decision.RetryAt;
        }

        Assert.Single(queue.Start(now));
        var advised = queue.Failed(1, DeliveryOutcome.Unavailable("HTTP 429 Too Many Requests", TimeSpan.FromSeconds(45)), now, 0);
        Assert.Equal(now.AddSeconds(45), advised.RetryAt); // longer than max-backoff: the receiver's advice wins
        now = advised.RetryAt;
        Assert.Single(queue.Start(now));
        var capped = queue.Failed(1, DeliveryOutcome.Unavailable("HTTP 503 Service Unavailable", TimeSpan.FromDays(365)), now, 0);
        Assert.Equal(now.AddMinutes(1), capped.RetryAt); // a year is capped at max-retry-after

        Assert.Equal([1L], queue.Start(capped.RetryAt).Select(a => a.Item.Offset));
        queue.Finished(1);
        Assert.Equal([2L], queue.Start(capped.RetryAt).Select(a => a.Item.Offset));
    }

    [Fact]
    public void A_receiver_saying_not_now_counts_towards_max_attempts_when_outages_are_dead_lettered()
    {
        var queue = new DeliveryQueue(Retry with { DeadLetterUnreachable = true }, 1, 0);
        queue.Add(Item(1));
        var now = T0;
        FailureDecision decision = default;
        for (var i = 0; i < Retry.MaxAttempts; i++)
        {
            Assert.Single(queue.Start(now));
            decision = queue.Failed(1, DeliveryOutcome.Unavailable("HTTP 503 Service Unavailable"), now, 0);
            now = decision.RetryAt;
        }
        Assert.True(decision.DeadLetter);
        Assert.Equal(Retry.MaxAttempts, decision.Attempts);
    }
}
