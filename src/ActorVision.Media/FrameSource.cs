using ActorVision.Common;
using System.Diagnostics;
using ActorVision.Core.Imaging;
using ActorVision.Media.Interop;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ActorVision.Core.Cameras;

namespace ActorVision.Media;

/// <summary>
/// Decodes one video source in process: demux, decode, rate limit and convert straight into pooled frames.
/// <para>
/// Blocking calls (<see cref="Open"/>, <see cref="ReadFrame"/>) run on the caller's thread, which should be a
/// dedicated one; every one of them is bounded by a timeout. <see cref="Interrupt"/> may be called from any thread
/// and makes a blocking call fail promptly with <see cref="MediaErrorKind.Interrupted"/>; <see cref="Dispose"/> after
/// it frees everything once the blocked call has returned. One reader at a time; <see cref="TakeHeldPicture"/> may be
/// called from another thread meanwhile.
/// </para>
/// </summary>
public sealed class FrameSource : IDisposable
{
    private readonly SourceHandle _handle;
    private readonly FrameSourceOptions _options;
    private readonly ILogger _logger;
    private readonly FramePool _pool;
    private readonly StreamClock _clock;
    private readonly FrameRateLimiter? _limiter;
    private readonly LiveLag? _lag;
    private readonly TimeSpan _nominalInterval;
    private readonly bool _skipUnused;
    private long _unusedOrigin = long.MinValue;
    private readonly long _opened = Stopwatch.GetTimestamp();
    private long _framesBehind;
    private long _catchUps;
    private long _keyframeSkips;
    private long _behindSince;
    private long _lastBehindReport;
    private long _episodesUnreported;
    private long _droppedUnreported;
    private static readonly TimeSpan BehindReportInterval = TimeSpan.FromMinutes(1);
    private long _behindAtStart;
    private long _sourceBehindAtStart;
    private long _sequence;
    private long _framesDecoded;
    private long _framesSkipped;
    private long _framesConverted;
    private long _framesCorrupt;
    private long _decodeErrors;
    private long _framesSinceRewind;
    private volatile bool _interrupted;
    private Picture? _picture;
    // The picture kept for a consumer on another thread (HoldPicture, TakeHeldPicture), and what guards it and the scaler.
    private readonly Lock _heldGate = new();
    private Picture? _held;

    /// <summary>A decoded picture not converted yet: its number, stream timestamp, stream time and when it was decoded.</summary>
    private readonly record struct Picture(long Sequence, long Pts, TimeSpan Time, DateTime DecodedAt);

    private FrameSource(SourceHandle handle, FrameSourceOptions options, StreamInfo info, ILogger logger)
    {
        _handle = handle;
        _options = options;
        _logger = logger;
        Info = info;
        _pool = options.SharedPools?.For(info.OutputWidth, info.OutputHeight, info.OutputFormat)
            ?? new FramePool(info.OutputWidth, info.OutputHeight, info.OutputFormat, options.FramePoolSize);
        _nominalInterval = info.FrameRate > 0 ? TimeSpan.FromSeconds(1 / info.FrameRate) : TimeSpan.FromMilliseconds(40);
        _clock = new StreamClock(info.TimeBase, _nominalInterval, options.MaxTimestampJump);
        _limiter = options.MaxFps is { } fps ? new FrameRateLimiter(fps) : null;
        _skipUnused = info.IsLive && _limiter is not null && options.SkipUnusedPictures;
        _lag = info.IsLive && options.MaxDecodeLag is { } maxLag ? new LiveLag(maxLag, options.CatchUpKeyframeInterval) : null;
    }

    public StreamInfo Info { get; }

    /// <summary>The options the source was opened with.</summary>
    public FrameSourceOptions Options => _options;

    /// <summary>Pictures decoded, including those skipped by the rate limit.</summary>
    public long FramesDecoded => Interlocked.Read(ref _framesDecoded);

    /// <summary>Pictures converted into frames (each one delivered: a consumer that asks for pictures and never takes
    /// them costs none).</summary>
    public long FramesConverted => Interlocked.Read(ref _framesConverted);

    /// <summary>Pictures decoded but not delivered because of <see cref="FrameSourceOptions.MaxFps"/>.</summary>
    public long FramesSkipped => Interlocked.Read(ref _framesSkipped);

    /// <summary>Pictures delivered with visible damage (lost packets) plus packets that could not be decoded at all.</summary>
    public long FramesCorrupt => Interlocked.Read(ref _framesCorrupt) + Interlocked.Read(ref _decodeErrors);

    /// <summary>Frames a live source dropped because its decoding fell behind real time (<see cref="FrameSourceOptions.MaxDecodeLag"/>):
    /// packets skipped undecoded on the way to a keyframe plus pictures decoded but not delivered. Always 0 for files.</summary>
    public long FramesBehind => Interlocked.Read(ref _framesBehind);

    /// <summary>Times a live source that fell behind skipped undecoded packets and resumed decoding at a keyframe.</summary>
    public long KeyframeSkips => Interlocked.Read(ref _keyframeSkips);

    /// <summary>How far behind real time the last picture of a live source was decoded (<see cref="LiveLag"/>); zero
    /// for files. For the reading thread.</summary>
    public TimeSpan DecodeLag => _lag?.Lag ?? TimeSpan.Zero;

    /// <summary>The lag that started the last catch-up episode (<see cref="CatchUps"/>). For the reading thread.</summary>
    public TimeSpan CatchUpLag { get; private set; }

    /// <summary>Times a live source fell behind real time and caught up (episodes; each is logged once).</summary>
    public long CatchUps => Interlocked.Read(ref _catchUps);

    /// <summary>Times the timestamps jumped or went backwards and the stream time was re-based.</summary>
    public long TimestampDiscontinuities => _clock.Discontinuities;

    /// <summary>The pool frames come from; its <see cref="FramePool.Created"/> stays flat in steady state.</summary>
    public FramePool Pool => _pool;

    /// <summary>
    /// Opens and probes the source. Blocks for at most <see cref="FrameSourceOptions.OpenTimeout"/>, or until
    /// <paramref name="cancellationToken"/> is cancelled (then it fails with <see cref="MediaErrorKind.Interrupted"/>).
    /// </summary>
    /// <exception cref="MediaException">The source cannot be opened; <see cref="MediaException.Kind"/> says why.</exception>
    public static FrameSource Open(FrameSourceOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var url = LocalPath(options.Url);
        var whitelist = InputWhitelist.For(url, options.AllowedSchemes);
        NativeLibraryCheck.EnsureLoaded();
        logger ??= NullLogger.Instance;

        var handle = AvShim.SourceCreate();
        if (handle.IsInvalid) throw new MediaException(MediaErrorKind.Io, "out of memory creating the source", options.Url);
        try
        {
            var parameters = new NativeSourceParams
            {
                OpenTimeoutMicroseconds = ToMicroseconds(options.OpenTimeout),
                ReadTimeoutMicroseconds = ToMicroseconds(options.ReadTimeout),
                RtspTcp = options.RtspTransport == RtspTransport.Tcp ? 1 : 0,
                DecoderThreads = options.DecoderThreads,
                HardwareType = (int)options.HardwareDecode,
                OutputFormat = (int)options.OutputFormat,
            };
            var started = Stopwatch.GetTimestamp();
            using var cancellation = cancellationToken.Register(static h => ((SourceHandle)h!).CallIfOpen(AvShim.SourceInterrupt), handle);
            if (cancellationToken.IsCancellationRequested) AvShim.SourceInterrupt(handle);
            int rc;
            NativeStreamInfo native;
            string error;
            unsafe
            {
                const int errorLength = 512;
                var buffer = stackalloc byte[errorLength];
                buffer[0] = 0;
                using var demuxerOptions = new NativeOptions(whitelist.DemuxerOptions);
                rc = AvShim.SourceOpen(handle, url, parameters, whitelist.Protocols, whitelist.Formats,
                    demuxerOptions.Keys, demuxerOptions.Values, demuxerOptions.Count, out native, buffer, errorLength);
                error = NativeText.Read(buffer, errorLength);
            }
            if (rc < 0)
            {
                var kind = NativeError.Classify(rc);
                if (kind == MediaErrorKind.EndOfStream) kind = MediaErrorKind.InvalidData; // empty or cut short before the first packet
                if (string.IsNullOrEmpty(error)) error = NativeText.Error(rc);
                throw new MediaException(kind, error, options.Url, rc);
            }

            var info = Describe(options, native);
            rc = AvShim.SourceSetOutput(handle, info.OutputWidth, info.OutputHeight);
            if (rc < 0) throw new MediaException(MediaErrorKind.InvalidArgument, NativeText.Error(rc), options.Url, rc);

            if (info.HardwareFallbackReason is { } reason)
                logger.LogWarning("{Url}: hardware decoding ({Requested}) not used, decoding in software: {Reason}",
                    UrlRedaction.Redact(options.Url), options.HardwareDecode, reason);
            logger.LogInformation("{Url}: opened {Codec} {Width}x{Height} at {Fps:0.##} fps ({Container}, {Live}) in {Elapsed:0} ms, delivering {OutputWidth}x{OutputHeight} {Format}",
                UrlRedaction.Redact(options.Url), info.Codec, info.SourceWidth, info.SourceHeight, info.FrameRate, info.Container,
                info.IsLive ? "live" : "file", Stopwatch.GetElapsedTime(started).TotalMilliseconds, info.OutputWidth, info.OutputHeight, info.OutputFormat);
            return new FrameSource(handle, options, info, logger);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The next frame (the caller owns one reference and must <see cref="VideoFrame.Release"/> it), or null at the
    /// clean end of a file. Blocks until a frame is decoded, for at most <see cref="FrameSourceOptions.ReadTimeout"/>
    /// without data. The end of a live source is a failure (<see cref="MediaErrorKind.EndOfStream"/>).
    /// </summary>
    /// <exception cref="MediaException">Reading failed; the source should be disposed (and reopened, for a camera).</exception>
    public VideoFrame? ReadFrame() => ReadPicture() ? ConvertPicture() : null;

    /// <summary>
    /// Decodes up to the next picture due (within the rate limit, not dropped to catch up) without converting it; false
    /// at the clean end of a file. <see cref="ConvertPicture"/> then makes a frame of it, or <see cref="HoldPicture"/>
    /// keeps it for a consumer on another thread, or the next read discards it. Blocks and fails like <see cref="ReadFrame"/>.
    /// </summary>
    /// <exception cref="MediaException">Reading failed; the source should be disposed (and reopened, for a camera).</exception>
    public bool ReadPicture()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (_interrupted) throw new MediaException(MediaErrorKind.Interrupted, "the source was interrupted", _options.Url, NativeError.Interrupted);
        _picture = null;
        while (true)
        {
            if (_skipUnused) SkipUnusedPictures();
            var rc = AvShim.SourceNext(_handle, out var meta);
            if (rc == NativeError.EndOfFile)
            {
                if (Info.IsLive)
                    throw new MediaException(MediaErrorKind.EndOfStream, "the live stream ended (the server closed it or died)", _options.Url, rc);
                if (!_options.LoopFile || _framesSinceRewind == 0 || _interrupted) return false;
                Rewind();
                continue;
            }
            if (rc < 0) throw Failure(rc, "reading");

            Interlocked.Exchange(ref _framesDecoded, meta.FramesDecoded);
            Interlocked.Exchange(ref _decodeErrors, meta.DecodeErrors);
            if (meta.Corrupt != 0) Interlocked.Increment(ref _framesCorrupt);
            _framesSinceRewind++;
            var sequence = _sequence++;
            var discontinuities = _clock.Discontinuities;
            var time = _clock.Next(meta.Pts == NativeFrameMeta.NoPts ? null : meta.Pts);
            if (_lag is not null && DropToCatchUp(time, meta.KeyFrame != 0, _clock.Discontinuities != discontinuities)) continue;
            if (_limiter is not null && !_limiter.Accept(time))
            {
                Interlocked.Increment(ref _framesSkipped);
                continue;
            }
            _picture = new Picture(sequence, meta.Pts == NativeFrameMeta.NoPts ? 0 : meta.Pts, time, DateTime.UtcNow);
            return true;
        }
    }

    /// <summary>
    /// Tells the decoder which pictures it need not decode (<see cref="FrameSourceOptions.SkipUnusedPictures"/>): the rate
    /// limit takes the first picture at or after each due time, so only pictures just around a due time can be taken.
    /// Kept: from half a frame interval before a due time (timestamp jitter) to one and a half after (the first picture
    /// after it; should that one be missing and the next be a skipped one, the limit takes the next decoded picture).
    /// The schedule is sent again whenever the due time moves off it (a gap resets the limit) or the clock re-bases; it
    /// covers a bounded span, so timestamps that jump are decoded until it is renewed.
    /// </summary>
    private void SkipUnusedPictures()
    {
        if (_limiter!.Due is not { } due || _clock.ToPts(due) is not { } origin || origin == _unusedOrigin) return;
        _unusedOrigin = origin;
        var timeBase = Info.TimeBase;
        long Units(TimeSpan span) => (long)Math.Ceiling(span.TotalSeconds / timeBase);
        AvShim.SourceSkipUnreferenced(_handle, origin, (long)Math.Round(_limiter.Interval.TotalSeconds / timeBase),
            Units(FrameRateLimiter.Tolerance + _nominalInterval / 2), Units(_nominalInterval * 1.5), Units(UnusedPictureHorizon));
    }

    /// <summary>How far past the limit's next due time the schedule holds before the next accepted picture renews it.</summary>
    private static readonly TimeSpan UnusedPictureHorizon = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Live: keeps the picture <see cref="ReadPicture"/> just decoded, unconverted, for <see cref="TakeHeldPicture"/> on
    /// another thread, in place of one kept before and never taken (true then). A busy consumer thus costs a decoded
    /// picture's reference, not a conversion and a pooled frame per picture it never takes.
    /// </summary>
    /// <exception cref="InvalidOperationException">No picture is waiting: none read, or already converted.</exception>
    public bool HoldPicture()
    {
        var picture = _picture ?? throw new InvalidOperationException("no picture read to hold");
        _picture = null;
        lock (_heldGate)
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            var replaced = AvShim.SourceHold(_handle) != 0;
            _held = picture;
            return replaced;
        }
    }

    /// <summary>
    /// The kept picture (<see cref="HoldPicture"/>) as a pooled frame (the caller owns one reference), or null when none
    /// is kept or the source is closed. Any thread, while the reading thread goes on reading.
    /// </summary>
    /// <exception cref="MediaException">Converting failed.</exception>
    public VideoFrame? TakeHeldPicture()
    {
        lock (_heldGate)
        {
            if (_held is not { } picture || _handle.IsClosed) return null;
            _held = null;
            return ToFrame(picture, held: true);
        }
    }

    /// <summary>The picture <see cref="ReadPicture"/> just decoded, as a pooled frame (the caller owns one reference).</summary>
    /// <exception cref="InvalidOperationException">No picture is waiting: none read, or already converted.</exception>
    /// <exception cref="MediaException">Converting failed.</exception>
    public VideoFrame ConvertPicture()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var picture = _picture ?? throw new InvalidOperationException("no picture read to convert");
        _picture = null;
        lock (_heldGate) return ToFrame(picture, held: false);
    }

    /// <summary>Converts the picture just decoded, or the one held, into a pooled frame; under <see cref="_heldGate"/>
    /// (the scaler is shared).</summary>
    private VideoFrame ToFrame(Picture picture, bool held)
    {
        var frame = _pool.Rent();
        var rc = held
            ? AvShim.SourceConvertHeld(_handle, frame.Pointer, frame.Stride)
            : AvShim.SourceConvert(_handle, frame.Pointer, frame.Stride);
        if (rc < 0)
        {
            frame.Release();
            throw Failure(rc, "converting a frame");
        }
        frame.SetTiming(picture.Sequence, picture.Pts, picture.Time, picture.DecodedAt);
        Interlocked.Increment(ref _framesConverted);
        return frame;
    }

    /// <summary>
    /// Decodes and discards the next <paramref name="count"/> pictures without converting them, exactly as
    /// <see cref="ReadFrame"/> would have consumed them: frame numbers, stream time and the rate limit advance the
    /// same way, so the frames read afterwards are identical to those of a run that read every one. A resumed
    /// analysis job uses it to continue after its last checkpoint. Returns how many were skipped (fewer at the end).
    /// </summary>
    /// <exception cref="MediaException">Reading failed.</exception>
    public long SkipFrames(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        _picture = null;
        long skipped = 0;
        while (skipped < count)
        {
            if (_interrupted) throw new MediaException(MediaErrorKind.Interrupted, "the source was interrupted", _options.Url, NativeError.Interrupted);
            var rc = AvShim.SourceNext(_handle, out var meta);
            if (rc == NativeError.EndOfFile) return skipped;
            if (rc < 0) throw Failure(rc, "reading");
            Interlocked.Exchange(ref _framesDecoded, meta.FramesDecoded);
            Interlocked.Exchange(ref _decodeErrors, meta.DecodeErrors);
            if (meta.Corrupt != 0) Interlocked.Increment(ref _framesCorrupt);
            _framesSinceRewind++;
            _sequence++;
            var time = _clock.Next(meta.Pts == NativeFrameMeta.NoPts ? null : meta.Pts);
            if (_limiter is not null && !_limiter.Accept(time)) Interlocked.Increment(ref _framesSkipped);
            skipped++;
        }
        return skipped;
    }

    /// <summary>Aborts a blocking <see cref="ReadFrame"/> on another thread promptly (it throws <see cref="MediaErrorKind.Interrupted"/>),
    /// and every later one. Safe from any thread, any number of times, also after <see cref="Dispose"/>.</summary>
    public void Interrupt()
    {
        _interrupted = true;
        _handle.CallIfOpen(AvShim.SourceInterrupt);
    }

    /// <summary>Frees the decoder and connection. If a read is blocked on another thread, call <see cref="Interrupt"/> first:
    /// the native resources are freed when that read returns.</summary>
    public void Dispose()
    {
        lock (_heldGate)
        {
            _held = null;
            _handle.Dispose();
        }
    }

    /// <summary>
    /// A live source's picture just decoded: whether to drop it because decoding is behind real time, and if so skip
    /// the packets up to the next keyframe or just go on decoding (<see cref="LiveLag"/> decides). Nothing is allocated
    /// unless an episode starts or ends (one log line each).
    /// </summary>
    private bool DropToCatchUp(TimeSpan time, bool keyframe, bool rebased)
    {
        var action = _lag!.Observe(time, Stopwatch.GetElapsedTime(_opened), keyframe, rebased);
        if (action == CatchUpAction.Deliver)
        {
            if (_behindSince != 0) CaughtUp();
            return false;
        }
        if (_behindSince == 0) FellBehind(action);
        Interlocked.Increment(ref _framesBehind);
        if (action != CatchUpAction.SkipToKeyframe) return true;

        var rc = AvShim.SourceSkipToKeyframe(_handle, ToMicroseconds(_options.CatchUpKeyframeInterval), out var skipped);
        Interlocked.Add(ref _framesBehind, skipped);
        _sequence += skipped;
        if (rc == NativeError.EndOfFile)
            throw new MediaException(MediaErrorKind.EndOfStream, "the live stream ended (the server closed it or died)", _options.Url, rc);
        if (rc < 0) throw Failure(rc, "skipping to a keyframe");
        _clock.ExpectGap();
        _lag.Skipped(atKeyframe: rc == 0);
        if (rc == 0) Interlocked.Increment(ref _keyframeSkips);
        return true;
    }

    private void FellBehind(CatchUpAction action)
    {
        _behindSince = Stopwatch.GetTimestamp();
        _behindAtStart = FramesBehind;
        _sourceBehindAtStart = _lag!.SourceBehind;
        CatchUpLag = _lag.Lag;
        Interlocked.Increment(ref _catchUps);
        // A decoder that stays too slow falls behind again every second or so: one line a minute says so.
        if (_lastBehindReport != 0 && Stopwatch.GetElapsedTime(_lastBehindReport) < BehindReportInterval)
        {
            _episodesUnreported++;
            return;
        }
        _logger.LogWarning("{Url}: decoding is {Lag:0.0} s behind real time, catching up by {How} ({Episodes} more times and {Dropped} frames dropped since the last report)",
            UrlRedaction.Redact(_options.Url), CatchUpLag.TotalSeconds, action == CatchUpAction.SkipToKeyframe
                ? "skipping to the next keyframe"
                : $"decoding without output (keyframes not known to come within {_options.CatchUpKeyframeInterval.TotalSeconds:0.#} s)",
            _episodesUnreported, _droppedUnreported);
        _lastBehindReport = Stopwatch.GetTimestamp();
        _episodesUnreported = 0;
        _droppedUnreported = 0;
    }

    private void CaughtUp()
    {
        if (_lag!.SourceBehind != _sourceBehindAtStart)
            _logger.LogWarning("{Url}: the source itself is behind real time (dropping {Dropped} frames in {Elapsed:0.0} s found no newer ones): following it",
                UrlRedaction.Redact(_options.Url), FramesBehind - _behindAtStart, Stopwatch.GetElapsedTime(_behindSince).TotalSeconds);
        else if (_logger.IsEnabled(LogLevel.Debug)) _logger.LogDebug("{Url}: caught up with real time in {Elapsed:0.0} s, {Dropped} frames dropped, lag now {Lag:0} ms",
            UrlRedaction.Redact(_options.Url), Stopwatch.GetElapsedTime(_behindSince).TotalSeconds, FramesBehind - _behindAtStart,
            _lag.Lag.TotalMilliseconds);
        _droppedUnreported += FramesBehind - _behindAtStart;
        _behindSince = 0;
    }

    private void Rewind()
    {
        var rc = AvShim.SourceRewind(_handle);
        if (rc < 0) throw Failure(rc, "rewinding the file");
        _framesSinceRewind = 0;
        _logger.LogDebug("{Url}: looping the file", UrlRedaction.Redact(_options.Url));
    }

    private MediaException Failure(int rc, string doing)
    {
        var kind = NativeError.Classify(rc);
        var detail = NativeText.Error(rc);
        var message = kind switch
        {
            MediaErrorKind.Timeout => $"no data for {_options.ReadTimeout.TotalSeconds:0.###} s while {doing} (stalled source)",
            MediaErrorKind.EndOfStream => "the stream ended",
            _ => $"{doing} failed: {detail}",
        };
        return new MediaException(kind, message, _options.Url, rc);
    }

    private static StreamInfo Describe(FrameSourceOptions options, NativeStreamInfo native)
    {
        var (width, height) = FitWithin(OutputSize(native.Width, native.Height, options.OutputWidth, options.OutputHeight), options.MaxOutputPixels);
        var fps = native.FpsNum > 0 && native.FpsDen > 0 ? (double)native.FpsNum / native.FpsDen : 0;
        TimeSpan? duration = native.DurationMicroseconds > 0 ? TimeSpan.FromMicroseconds(native.DurationMicroseconds) : null;
        long? frames = native.FrameCount > 0 ? native.FrameCount
            : duration is { } d && fps > 0 ? (long)Math.Round(d.TotalSeconds * fps) : null;
        var reason = native.HardwareFallbackReason;
        return new StreamInfo
        {
            Codec = native.CodecName,
            Container = native.ContainerName,
            SourceWidth = native.Width,
            SourceHeight = native.Height,
            OutputWidth = width,
            OutputHeight = height,
            OutputFormat = options.OutputFormat,
            FrameRate = fps,
            TimeBaseNumerator = native.TimeBaseNum,
            TimeBaseDenominator = native.TimeBaseDen,
            Duration = duration,
            EstimatedFrameCount = frames,
            IsLive = options.InferLive() ?? duration is null,
            HardwareDecodeRequested = options.HardwareDecode,
            HardwareDecodeActive = native.HardwareActive != 0,
            HardwareFallbackReason = options.HardwareDecode != HardwareDecode.None && native.HardwareActive == 0
                ? (string.IsNullOrEmpty(reason) ? "not available" : reason)
                : null,
        };
    }

    /// <summary>The delivered size: as asked, or the source size, or the other side following the aspect ratio (rounded to even).</summary>
    internal static (int Width, int Height) OutputSize(int sourceWidth, int sourceHeight, int? width, int? height)
    {
        return (width, height) switch
        {
            ({ } w, { } h) => (w, h),
            ({ } w, null) => (w, Even((double)w * sourceHeight / sourceWidth)),
            (null, { } h) => (Even((double)h * sourceWidth / sourceHeight), h),
            _ => (sourceWidth, sourceHeight),
        };

        static int Even(double value) => Math.Max(2, (int)Math.Round(value / 2) * 2);
    }

    /// <summary>A size scaled down (aspect kept, sides even) to at most <paramref name="maxPixels"/>; as it is when within.</summary>
    internal static (int Width, int Height) FitWithin((int Width, int Height) size, long? maxPixels)
    {
        var (width, height) = size;
        if (maxPixels is not { } max || (long)width * height <= max) return size;
        var scale = Math.Sqrt((double)max / ((long)width * height));
        var w = Math.Max(2, (int)(width * scale) / 2 * 2);
        var h = Math.Max(2, (int)(height * scale) / 2 * 2);
        return (w, h);
    }

    /// <summary>file: URLs become paths (FFmpeg's file protocol does not decode percent escapes); a relative path
    /// becomes absolute, so FFmpeg never reads "name:rest" as a protocol.</summary>
    private static string LocalPath(string url)
    {
        if (url.StartsWith("file://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(url, UriKind.Absolute, out var uri)) return uri.LocalPath;
        if (url.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return Path.GetFullPath(url[5..]);
        return MediaUrl.SchemeOf(url) is null ? Path.GetFullPath(url) : url;
    }

    private static long ToMicroseconds(TimeSpan t) => (long)t.TotalMicroseconds;
}
