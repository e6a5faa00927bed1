using ActorVision.Core.Imaging;
using ActorVision.Media.Interop;
using ActorVision.Media.Overlay;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorVision.Media.Sinks;

/// <summary>
/// Encodes frames once to H.264 and fans the packets out to several outputs (MP4, HLS, RTSP publish). An output that
/// fails (RTSP server down, disk full) never stops the others; network outputs reconnect with backoff.
/// <para>
/// The frame is converted into the encoder's own YUV picture and the optional overlay draws on that copy, so the
/// shared decoded frame is never modified (inference may still be reading it). Timestamps come from the frames'
/// <see cref="VideoFrame.StreamTime"/>, kept strictly increasing across source restarts.
/// </para>
/// <para>Write, WriteSlate and Complete block the calling thread (encoding, network writes bounded by
/// <see cref="FrameSinkOptions.OutputTimeout"/>); call them from one dedicated thread. <see cref="Interrupt"/> and
/// <see cref="Outputs"/> may be used from any thread.</para>
/// </summary>
public sealed class FrameSink : IDisposable
{
    /// <summary>The encoder's time base: 90 kHz, the RTP clock, so RTSP timestamps need no rounding.</summary>
    private const int TimeBase = 90_000;
    private static readonly Rgb SlateBackground = new(40, 40, 40);

    private readonly FrameSinkOptions _options;
    private readonly ILogger _logger;
    private readonly PictureEncoder _encoder;
    private readonly OutputChannel[] _outputs;
    private readonly StreamClock _clock;
    private readonly long _intervalTicks;
    private long? _lastInputTicks;
    private long _lastPts = -1;
    private long _framesEncoded;
    private bool _keyframeRequested;
    private bool _recordingPaused;
    private bool _completed;
    private volatile bool _interrupted;

    private FrameSink(FrameSinkOptions options, ILogger logger, PictureEncoder encoder, string? fallbackReason, OutputChannel[] outputs)
    {
        _options = options;
        _logger = logger;
        _encoder = encoder;
        _outputs = outputs;
        EncoderFallbackReason = fallbackReason;
        var interval = TimeSpan.FromSeconds(1 / options.FrameRate);
        _intervalTicks = interval.Ticks;
        _clock = new StreamClock(1.0 / TimeSpan.TicksPerSecond, interval, TimeSpan.FromSeconds(5));
    }

    /// <summary>FFmpeg's name of the encoder in use: <c>libx264</c> or <c>h264_nvenc</c>.</summary>
    public string EncoderName => _encoder.CodecName;

    /// <summary>Why the configured encoder (NVENC) was not used; null when it was.</summary>
    public string? EncoderFallbackReason { get; }

    public long FramesEncoded => Interlocked.Read(ref _framesEncoded);

    /// <summary>Whether any output is a recording (<see cref="SinkOutput.IsRecording"/>).</summary>
    public bool HasRecording => _outputs.Any(o => o.IsRecording);

    /// <summary>
    /// Pauses the recordings (MP4 outputs) while the disk is short of space: frames are still encoded for the live
    /// outputs (HLS, RTSP), and the recordings resume at the next keyframe. Set from the writing thread.
    /// </summary>
    public bool RecordingPaused
    {
        get => _recordingPaused;
        set
        {
            if (value == _recordingPaused) return;
            _recordingPaused = value;
            foreach (var output in _outputs) output.Paused = value;
        }
    }

    /// <summary>A snapshot of every output's state.</summary>
    public IReadOnlyList<OutputStatus> Outputs
    {
        get
        {
            var statuses = new OutputStatus[_outputs.Length];
            for (var i = 0; i < _outputs.Length; i++) statuses[i] = _outputs[i].Status;
            return statuses;
        }
    }

    /// <summary>
    /// Opens the encoder and every output. A file output that cannot be created fails the call; a network output that
    /// cannot connect yet is retried in the background of later writes.
    /// </summary>
    public static FrameSink Open(FrameSinkOptions options, IEnumerable<SinkOutput> outputs, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outputs);
        options.Validate();
        var targets = outputs.ToArray();
        if (targets.Length == 0) throw new MediaException(MediaErrorKind.InvalidArgument, "a sink needs at least one output");
        NativeLibraryCheck.EnsureLoaded();
        logger ??= NullLogger.Instance;

        var (encoder, fallbackReason) = OpenEncoder(options);
        if (fallbackReason is not null) logger.LogWarning("H.264 encoder: using libx264 because h264_nvenc is not usable: {Reason}", fallbackReason);
        var channels = new List<OutputChannel>();
        try
        {
            foreach (var target in targets)
            {
                var channel = new OutputChannel(target, options, logger);
                channels.Add(channel);
                channel.Start(encoder);
            }
            return new FrameSink(options, logger, encoder, fallbackReason, [.. channels]);
        }
        catch
        {
            foreach (var channel in channels) channel.Dispose();
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>Encodes a frame (any packed format, scaled to the sink's size if needed).</summary>
    /// <param name="overlay">Draws on the encoder's copy, in the frame's pixel coordinates.</param>
    public void Write(VideoFrame frame, Action<Canvas>? overlay = null) =>
        Write(frame, overlay, static (canvas, draw) => draw?.Invoke(canvas));

    /// <summary>Encodes a frame, drawing with a static callback and its state (no closure allocation per frame).</summary>
    public void Write<TState>(VideoFrame frame, TState state, Action<Canvas, TState>? overlay)
    {
        ArgumentNullException.ThrowIfNull(frame);
        EnsureWritable();
        _encoder.Load(frame.Pointer, frame.Stride, frame.Width, frame.Height, frame.Format);
        if (overlay is not null)
        {
            var canvas = _encoder.Canvas();
            if (frame.Width != _encoder.Width || frame.Height != _encoder.Height)
                canvas.SetTransform((float)_encoder.Width / frame.Width, (float)_encoder.Height / frame.Height, 0, 0);
            overlay(canvas, state);
        }
        var input = frame.StreamTime.Ticks;
        _lastInputTicks = input;
        Encode(_clock.Next(input));
    }

    /// <summary>
    /// Encodes a "reconnecting" picture (dark grey with <paramref name="message"/>) one frame interval after the last
    /// frame, so viewers and recordings keep flowing while the camera is down. Call it at the frame rate you want.
    /// </summary>
    public void WriteSlate(string message)
    {
        EnsureWritable();
        var canvas = _encoder.Clear(SlateBackground);
        var scale = Math.Max(1, _encoder.Height / 180);
        var (width, height) = BitmapFont.Measure(message, scale);
        canvas.DrawText((_encoder.Width - width) / 2, (_encoder.Height - height) / 2, message, Rgb.White, scale);
        var input = _lastInputTicks is { } last ? last + _intervalTicks : 0;
        _lastInputTicks = input;
        Encode(_clock.Next(input));
    }

    /// <summary>Flushes the encoder and finishes every output (MP4 index, HLS end of list, RTSP teardown). Idempotent.</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        if (!_interrupted)
        {
            _encoder.Finish();
            Drain();
        }
        foreach (var output in _outputs) output.Complete();
    }

    /// <summary>Aborts a blocked network write or connect on another thread; later writes fail with <see cref="MediaErrorKind.Interrupted"/>.</summary>
    public void Interrupt()
    {
        _interrupted = true;
        foreach (var output in _outputs) output.Interrupt();
    }

    /// <summary>Completes the outputs if that was not done (bounded by the output timeout), then frees everything.</summary>
    public void Dispose()
    {
        try
        {
            Complete();
        }
        catch (MediaException ex)
        {
            _logger.LogWarning(ex, "finishing the sink's outputs failed");
        }
        foreach (var output in _outputs) output.Dispose();
        _encoder.Dispose();
    }

    private void EnsureWritable()
    {
        if (_interrupted) throw new MediaException(MediaErrorKind.Interrupted, "the sink was interrupted");
        if (_completed) throw new InvalidOperationException("the sink is complete");
    }

    private void Encode(TimeSpan time)
    {
        var pts = (long)Math.Round(time.TotalSeconds * TimeBase);
        if (pts <= _lastPts) pts = _lastPts + 1;
        _lastPts = pts;

        var forceKeyframe = false;
        if (!_keyframeRequested)
        {
            foreach (var output in _outputs)
            {
                if (!output.NeedsKeyframe) continue;
                forceKeyframe = _keyframeRequested = true;
                break;
            }
        }
        _encoder.Send(pts, forceKeyframe);
        Interlocked.Increment(ref _framesEncoded);
        Drain();
    }

    private void Drain()
    {
        while (_encoder.TryReceive(out var packet))
        {
            var keyframe = packet.Key != 0;
            if (keyframe) _keyframeRequested = false;
            foreach (var output in _outputs) output.Write(_encoder, keyframe, packet.Pts, TimeBase);
        }
    }

    private static (PictureEncoder Encoder, string? FallbackReason) OpenEncoder(FrameSinkOptions options)
    {
        string? fallbackReason = null;
        if (options.Encoder == H264Encoder.Nvenc)
        {
            var nvencOptions = options.LowLatency ? Options(("preset", "p4"), ("tune", "ll"), ("zerolatency", "1")) : Options(("preset", "p4"));
            var nvenc = PictureEncoder.TryOpen(Parameters(options, "h264_nvenc"), nvencOptions, out _, out var error);
            if (nvenc is not null) return (nvenc, null);
            fallbackReason = error;
        }
        // repeat-headers: SPS/PPS before every keyframe, so RTSP viewers and HLS segments can start anywhere.
        var x264Options = options.LowLatency
            ? Options(("preset", options.Preset), ("x264-params", "repeat-headers=1"), ("tune", "zerolatency"))
            : Options(("preset", options.Preset), ("x264-params", "repeat-headers=1"));
        var x264 = PictureEncoder.TryOpen(Parameters(options, "libx264"), x264Options, out var code, out var x264Error)
            ?? throw new MediaException(MediaErrorKind.Encoder, $"cannot open libx264: {x264Error}", nativeCode: code);
        return (x264, fallbackReason);
    }

    private static KeyValuePair<string, string>[] Options(params (string Key, string Value)[] options) =>
        options.Select(o => KeyValuePair.Create(o.Key, o.Value)).ToArray();

    private static NativeEncoderParams Parameters(FrameSinkOptions options, string codec)
    {
        var fps = Rational(options.FrameRate);
        var parameters = new NativeEncoderParams
        {
            Width = options.Width,
            Height = options.Height,
            TimeBaseNum = 1,
            TimeBaseDen = TimeBase,
            FpsNum = fps.Numerator,
            FpsDen = fps.Denominator,
            BitRate = options.BitRate,
            Gop = Math.Max(1, (int)Math.Round(options.KeyframeInterval.TotalSeconds * options.FrameRate)),
            MaxBFrames = options.LowLatency ? 0 : -1,
            Threads = options.Threads,
            GlobalHeader = 1,
        };
        parameters.SetCodec(codec);
        return parameters;
    }

    private static (int Numerator, int Denominator) Rational(double fps)
    {
        // 29.97 and friends: 30000/1001; whole rates exactly; anything else to the millisecond.
        foreach (var den in new[] { 1, 1001 })
        {
            var num = fps * den;
            if (Math.Abs(num - Math.Round(num)) < 1e-3 * den) return ((int)Math.Round(num), den);
        }
        return ((int)Math.Round(fps * 1000), 1000);
    }
}
