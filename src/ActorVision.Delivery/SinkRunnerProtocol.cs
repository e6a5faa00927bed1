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

/// <param name="Replay">An attempt of a dead letter an operator asked to replay, not of the journal's stream.</param>
internal sealed record AttemptEnded(DeliveryAttempt Attempt, DeliveryOutcome Outcome, TimeSpan Duration, bool Replay = false);

/// <summary>The next dead letters to replay, read from the store (those whose body was no event already recorded as refused).</summary>
internal sealed record ReplaysLoaded(IReadOnlyList<DeliveryItem> Items);

internal sealed record ReplaysNotLoaded(Exception Cause);

/// <summary>How a replayed dead letter ended, to be stored: delivered (no longer a dead letter) or refused again.</summary>
internal sealed record RecordReplay(long Offset, bool Delivered, int Attempts, string Error, DateTime At);

internal sealed record ReplayRecorded(RecordReplay Record);

internal sealed record ReplayNotRecorded(RecordReplay Record, Exception Cause);

internal sealed record DeadLetterStored(DeliveryItem Item);

internal sealed record DeadLetterNotStored(DeadLetter Letter, DeliveryItem Item, Exception Cause);

internal sealed record StoreDeadLetter(DeadLetter Letter, DeliveryItem Item);

internal sealed record PositionStored(long Offset);

internal sealed record PositionNotStored(Exception Cause);

internal sealed record HeadMeasured(JournalHead Head);

internal sealed record SinkTimer(string Name);
