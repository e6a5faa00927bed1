namespace ActorVision.Cli.Tests.Support;

/// <summary>A clock that moves only when told, so retry deadlines are exact and nothing sleeps.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
