namespace ActorVision.Delivery;

/// <summary>What happens to an event after a failed attempt: tried again at <see cref="RetryAt"/>, or dead-lettered.</summary>
/// <param name="Attempts">Attempts that counted towards the sink's max-attempts so far.</param>
public readonly record struct FailureDecision(bool DeadLetter, DateTime RetryAt, int Attempts);
