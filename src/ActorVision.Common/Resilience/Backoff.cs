namespace ActorVision.Common.Resilience;

/// <summary>
/// How long to wait before trying again: <see cref="Min"/> doubled per failure, capped at <see cref="Max"/>, then
/// lengthened by up to <see cref="RandomFactor"/> so that many clients failing together (cameras after a network cut,
/// sinks after a receiver restart, avctl during failover) do not all come back at the same instant. The same rule as
/// Akka's RestartSettings, so a <c>random-factor</c> in our HOCON means one thing everywhere. Never shorter than Min.
/// </summary>
public sealed record Backoff
{
    public Backoff(TimeSpan min, TimeSpan max, double randomFactor = 0)
    {
        if (min <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(min), min, "must be positive");
        if (max < min) throw new ArgumentOutOfRangeException(nameof(max), max, "must not be shorter than min");
        if (randomFactor is < 0 or > 1 || double.IsNaN(randomFactor)) throw new ArgumentOutOfRangeException(nameof(randomFactor), randomFactor, "must be between 0 and 1");
        (Min, Max, RandomFactor) = (min, max, randomFactor);
    }

    public TimeSpan Min { get; }
    public TimeSpan Max { get; }
    public double RandomFactor { get; }

    /// <summary>The longest wait <see cref="Delay"/> returns: <see cref="Max"/> fully spread.</summary>
    public TimeSpan Longest => TimeSpan.FromMilliseconds(Max.TotalMilliseconds * (1 + RandomFactor));

    /// <param name="failures">Failures so far, counting the one just seen (1 before the first retry).</param>
    /// <param name="random01">A uniform sample in [0, 1]; passed in so that tests and replays are reproducible.</param>
    public TimeSpan Delay(int failures, double random01)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var delay = Math.Min(Min.TotalMilliseconds * Math.Pow(2, exponent), Max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (1 + RandomFactor * Math.Clamp(random01, 0, 1)));
    }
}
