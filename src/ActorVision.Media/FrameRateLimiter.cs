namespace ActorVision.Media;

/// <summary>
/// Keeps at most <see cref="MaxFps"/> frames per second of media time, evenly spread: a 25 fps source limited to
/// 10 fps keeps exactly 4 frames in every 10. Decided from timestamps alone, so skipped frames are never converted.
/// </summary>
public sealed class FrameRateLimiter
{
    private readonly TimeSpan _interval;
    private TimeSpan? _due;

    public FrameRateLimiter(double maxFps)
    {
        if (!(maxFps > 0) || double.IsInfinity(maxFps)) throw new ArgumentOutOfRangeException(nameof(maxFps), maxFps, "must be a positive number of frames per second");
        MaxFps = maxFps;
        _interval = TimeSpan.FromSeconds(1 / maxFps);
    }

    public double MaxFps { get; }

    /// <summary>Media time between kept frames.</summary>
    public TimeSpan Interval => _interval;

    /// <summary>Media time from which the next frame is kept (less <see cref="Tolerance"/>); null before the first.</summary>
    public TimeSpan? Due => _due;

    /// <summary>How much earlier than <see cref="Due"/> a frame may be and still be kept (timestamp rounding).</summary>
    public static TimeSpan Tolerance { get; } = TimeSpan.FromMilliseconds(1);

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
