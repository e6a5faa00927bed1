namespace ActorVision.Media;

/// <summary>
/// Keeps at most <see cref="MaxFps"/> frames per second of media time, evenly spread: a 25 fps source limited to
/// 10 fps keeps exactly 4 frames in every 10. Decided from timestamps alone, so skipped frames are never converted.
/// </summary>
public sealed class FrameRateLimiter
{
    // PTS rounding (1/90000 s and coarser time bases) must not turn an on-time frame into a skipped one.
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(1);

    private readonly TimeSpan _interval;
    private TimeSpan? _due;

    public FrameRateLimiter(double maxFps)
    {
        if (!(maxFps > 0) || double.IsInfinity(maxFps)) throw new ArgumentOutOfRangeException(nameof(maxFps), maxFps, "must be a positive number of frames per second");
        MaxFps = maxFps;
        _interval = TimeSpan.FromSeconds(1 / maxFps);
    }

    public double MaxFps { get; }

    /// <summary>True when the frame at <paramref name="time"/> should be kept.</summary>
    public bool Accept(TimeSpan time)
    {
        if (_due is { } due)
        {
            if (time < due - Tolerance) return false;
            // Behind by more than an interval (a gap in the stream): start counting again from this frame.
            _due = time - due > _interval ? time + _interval : due + _interval;
            return true;
        }
        _due = time + _interval;
        return true;
    }
}
