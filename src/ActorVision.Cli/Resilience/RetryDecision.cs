namespace ActorVision.Cli.Resilience;

/// <summary>What to do after a failed attempt: try again after <see cref="Delay"/>, or give up.</summary>
public readonly record struct RetryDecision(bool Retry, TimeSpan Delay)
{
    public static RetryDecision GiveUp { get; } = new(false, TimeSpan.Zero);
    public static RetryDecision After(TimeSpan delay) => new(true, delay);
}
