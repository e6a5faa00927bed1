namespace ActorVision.Media;

/// <summary>What a live source does with the picture it just decoded (<see cref="LiveLag.Observe"/>).</summary>
public enum CatchUpAction
{
    /// <summary>Within the lag bound: deliver it.</summary>
    Deliver,
    /// <summary>Behind, and keyframes come often enough: drop it and skip the packets up to the next keyframe, undecoded.</summary>
    SkipToKeyframe,
    /// <summary>Behind with no keyframe near (or damaged until the next one): drop it without converting it and decode on.</summary>
    Discard,
}

/// <summary>
/// How far a live source's decoding is behind real time, and what to do about it. No FFmpeg and no clock of its own:
/// the caller passes each decoded picture's media time (<see cref="StreamClock"/>) and the wall-clock time it was
/// decoded at.
/// <para>
/// The lag is how much more wall time than media time has passed since a reference: the smallest
/// <c>wall - media</c> seen, so the burst of old pictures a server sends on connect (and the probe's buffered packets)
/// only lowers the reference and never looks like lag. The reference may rise by <see cref="DriftAllowance"/> of the
/// wall time passing, so a camera whose clock runs slower than the node's does not slowly turn "behind". It is set
/// again when the stream clock re-bases (timestamps jumped), since media time then says nothing about real time.
/// </para>
/// <para>
/// Dropping drains a backlog (packets waiting in the socket) faster than real time. When a whole
/// <c>maxLag</c> of dropping has not drained a quarter of that, there is no backlog here: the source itself is behind
/// (a relay that queues for slow clients, a camera clock drifting faster than the allowance). Dropping more would lose
/// every frame, so the reference is set again at the current lag (<see cref="SourceBehind"/>).
/// </para>
/// </summary>
public sealed class LiveLag
{
    /// <summary>Camera clocks drift from the node's by tens of ppm; a decoder behind real time loses far more.</summary>
    public const double DriftAllowance = 200e-6;

    private readonly TimeSpan _maxLag;
    private readonly TimeSpan _maxKeyframeInterval;
    private bool _started;
    private TimeSpan _reference;
    private TimeSpan _lastWall;
    private TimeSpan? _lastKeyframe;
    private TimeSpan? _keyframeInterval;
    private TimeSpan _lastMedia;
    private bool _skippedSinceKeyframe;
    private TimeSpan? _damagedSince;
    private bool _catchingUp;
    private TimeSpan? _checkWall;
    private TimeSpan _checkOffset;

    /// <param name="maxLag">Lag beyond which the source catches up.</param>
    /// <param name="maxKeyframeInterval">Longest keyframe interval worth skipping to the next keyframe for.</param>
    public LiveLag(TimeSpan maxLag, TimeSpan maxKeyframeInterval)
    {
        if (maxLag <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(maxLag));
        if (maxKeyframeInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(maxKeyframeInterval));
        _maxLag = maxLag;
        _maxKeyframeInterval = maxKeyframeInterval;
    }

    /// <summary>The lag of the last picture observed.</summary>
    public TimeSpan Lag { get; private set; }

    /// <summary>Times dropping did not bring the lag down and the source's own delay was accepted as the reference.</summary>
    public long SourceBehind { get; private set; }

    /// <summary>The interval between the last two keyframes decoded without a skip between them; null until seen.</summary>
    public TimeSpan? KeyframeInterval => _keyframeInterval;

    /// <summary>Whether a skip to the next keyframe is expected to end within <c>maxKeyframeInterval</c>: two keyframes
    /// were seen that close, and the last one no longer ago. One keyframe says nothing of when the next one comes.</summary>
    public bool KeyframesNear(TimeSpan media) =>
        _lastKeyframe is { } last && media - last <= _maxKeyframeInterval && _keyframeInterval is { } interval && interval <= _maxKeyframeInterval;

    /// <summary>A picture was decoded.</summary>
    /// <param name="media">Its media time.</param>
    /// <param name="wall">Monotonic wall-clock time it was decoded at (any origin).</param>
    /// <param name="keyframe">Whether it is a keyframe.</param>
    /// <param name="rebased">Whether the stream clock re-based on it (a timestamp discontinuity).</param>
    public CatchUpAction Observe(TimeSpan media, TimeSpan wall, bool keyframe, bool rebased)
    {
        var offset = wall - media;
        if (!_started || rebased)
        {
            _started = true;
            _reference = offset;
        }
        else
        {
            var allowed = _reference + TimeSpan.FromTicks((long)((wall - _lastWall).Ticks * DriftAllowance));
            _reference = offset < allowed ? offset : allowed;
        }
        _lastWall = wall;
        _lastMedia = media;
        Lag = offset - _reference;

        if (keyframe)
        {
            if (_lastKeyframe is { } last && !_skippedSinceKeyframe && !rebased && media > last) _keyframeInterval = media - last;
            _lastKeyframe = media;
            _skippedSinceKeyframe = false;
            _damagedSince = null;
        }
        // Damaged pictures are not delivered until a keyframe repairs them, unless none comes (an intra-refresh stream).
        if (_damagedSince is { } since)
        {
            if (media - since <= 2 * _maxKeyframeInterval) return CatchUpAction.Discard;
            _damagedSince = null;
        }
        // Once catching up, down to half the bound: a decoder that stays too slow then drops in runs, not every other frame.
        if (Lag <= (_catchingUp ? _maxLag / 2 : _maxLag))
        {
            _checkWall = null;
            _catchingUp = false;
            return CatchUpAction.Deliver;
        }
        _catchingUp = true;
        if (_checkWall is not { } checkedAt)
        {
            _checkWall = wall;
            _checkOffset = offset;
        }
        else if (wall - checkedAt >= _maxLag)
        {
            if (_checkOffset - offset < (wall - checkedAt) / 4)
            {
                SourceBehind++;
                _reference = offset;
                Lag = TimeSpan.Zero;
                _checkWall = null;
                _catchingUp = false;
                return CatchUpAction.Deliver;
            }
            _checkWall = wall;
            _checkOffset = offset;
        }
        return KeyframesNear(media) ? CatchUpAction.SkipToKeyframe : CatchUpAction.Discard;
    }

    /// <summary>Packets were skipped towards a keyframe: <paramref name="atKeyframe"/> false when none came within the
    /// span, so the pictures decoded until the next keyframe are damaged and discarded.</summary>
    public void Skipped(bool atKeyframe)
    {
        _skippedSinceKeyframe = true;
        if (!atKeyframe) _damagedSince = _lastMedia;
    }
}
