using ActorVision.Core.Events;

namespace ActorVision.Delivery;

/// <summary>Sent by the singleton manager to <see cref="EventDelivery"/> when delivery hands over (node leaving), and by it to each runner: store the position, then stop.</summary>
public sealed record StopSink
{
    public static StopSink Instance { get; } = new();
}

// The runner's own messages (never leave its node).

/// <summary>An entry of the analytics tag: an event, or (null) something this sink does not deliver (a job's event).</summary>
internal sealed record JournalEntry(long Offset, AnalyticsEvent? Event);

internal sealed record SinkStarted(long Offset, long DeadLetters);

internal sealed record SinkStartFailed(Exception Cause);

internal sealed record ReaderInit
{
    public static ReaderInit Instance { get; } = new();
}

internal sealed record ReaderAck
{
    public static ReaderAck Instance { get; } = new();
}

internal sealed record ReaderEnded(Exception? Cause);

internal sealed record AttemptEnded(DeliveryAttempt Attempt, DeliveryOutcome Outcome, TimeSpan Duration);

internal sealed record DeadLetterStored(DeliveryItem Item);

internal sealed record DeadLetterNotStored(DeadLetter Letter, DeliveryItem Item, Exception Cause);

internal sealed record StoreDeadLetter(DeadLetter Letter, DeliveryItem Item);

internal sealed record PositionStored(long Offset);

internal sealed record PositionNotStored(Exception Cause);

internal sealed record HeadMeasured(JournalHead Head);

internal sealed record SinkTimer(string Name);
