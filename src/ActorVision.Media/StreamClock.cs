namespace ActorVision.Media;

/// <summary>
/// Turns a stream's presentation timestamps into a media time that only moves forward. Cameras reset their clock on
/// reconnect, loop files start again at zero and broken encoders jump: a step backwards, a repeated timestamp, a
/// missing one, or a forward jump larger than <see cref="MaxJump"/> re-bases the clock onto the previous time plus
/// one frame interval, so ordering and durations downstream stay sane.
/// </summary>
public sealed class StreamClock
{
    private readonly double _timeBase;
    private bool _started;
    private long _lastPts;
    private TimeSpan _last;
    private TimeSpan _offset;
    private TimeSpan _interval;
    private bool _gapExpected;

    /// <param name="timeBase">Seconds per PTS unit (e.g. 1/90000).</param>
    /// <param name="nominalInterval">Frame interval to assume until two timestamps show the real one.</param>
    /// <param name="maxJump">Largest forward step still taken as real time passing.</param>
    public StreamClock(double timeBase, TimeSpan nominalInterval, TimeSpan maxJump)
    {
        if (timeBase <= 0 || double.IsNaN(timeBase)) throw new ArgumentOutOfRangeException(nameof(timeBase));
        if (nominalInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(nominalInterval));
        if (maxJump <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(maxJump));
        _timeBase = timeBase;
        _interval = nominalInterval;
        MaxJump = maxJump;
    }

    public TimeSpan MaxJump { get; }

    /// <summary>How many times the timestamps were found broken and the clock re-based.</summary>
    public long Discontinuities { get; private set; }

    /// <summary>The frame interval currently assumed (learned from consecutive timestamps).</summary>
    public TimeSpan FrameInterval => _interval;

    /// <summary>Frames were dropped on purpose (a live source catching up): the next forward step, however long, is
    /// time passing, not a discontinuity.</summary>
    public void ExpectGap() => _gapExpected = true;

    /// <summary>Media time of the next frame; the first frame is at zero.</summary>
    /// <param name="pts">The frame's PTS, or null when the stream gave none (the frame is then one interval after the last).</param>
    public TimeSpan Next(long? pts)
    {
        if (!_started)
        {
            _started = true;
            _lastPts = pts ?? 0;
            _offset = -ToTime(_lastPts);
            _last = TimeSpan.Zero;
            return _last;
        }
        var value = pts ?? _lastPts + Math.Max(1, (long)Math.Round(_interval.TotalSeconds / _timeBase));
        var step = ToTime(value) - ToTime(_lastPts);
        var gap = _gapExpected;
        _gapExpected = false;
        if (step <= TimeSpan.Zero || (step > MaxJump && !gap))
        {
            Discontinuities++;
            _offset = _last + _interval - ToTime(value);
        }
        else if (step <= TimeSpan.FromSeconds(1) && !gap)
        {
            // Learn the real interval from normal steps; skipped or dropped frames (longer steps) do not count.
            _interval = step;
        }
        _lastPts = value;
        _last = ToTime(value) + _offset;
        return _last;
    }

    /// <summary>The PTS that media time <paramref name="time"/> stands for under the current re-basing (the last
    /// timestamp's), rounded down; null before the first frame.</summary>
    public long? ToPts(TimeSpan time) => _started ? (long)Math.Floor((time - _offset).TotalSeconds / _timeBase) : null;

    private TimeSpan ToTime(long pts) => TimeSpan.FromTicks((long)Math.Round(pts * _timeBase * TimeSpan.TicksPerSecond));
}
