using ActorVision.Common;
using ActorVision.Common.Resilience;
using System.Diagnostics;
using ActorVision.Media.Interop;
using Microsoft.Extensions.Logging;

namespace ActorVision.Media.Sinks;

/// <summary>
/// One output of a sink with its own fate: a failure closes only this output, which then retries with exponential
/// backoff (network outputs) or stays failed (files). After (re)opening it waits for a keyframe before writing,
/// so players never receive a stream that starts mid-GOP.
/// </summary>
internal sealed class OutputChannel : IDisposable
{
    private readonly SinkOutput _output;
    private readonly FrameSinkOptions _options;
    private readonly ILogger _logger;
    private readonly Muxer _muxer = new();
    private readonly Backoff _reconnect;
    private int _failuresSinceRunning;
    private long _nextAttempt;
    private bool _waitingForKeyframe = true;
    private long _packetsWritten;
    private long _failures;
    private string? _lastError;
    private MediaErrorKind? _lastErrorKind;
    private volatile OutputState _state = OutputState.Reconnecting;
    private bool _paused;
    /// <summary>Time of the keyframe the current file (segment) started with.</summary>
    private long _segmentStart;

    public OutputChannel(SinkOutput output, FrameSinkOptions options, ILogger logger)
    {
        _output = output;
        _options = options;
        _logger = logger;
        _reconnect = new Backoff(options.ReconnectInitialDelay, options.ReconnectMaxDelay);
    }

    public OutputState State => _state;

    /// <summary>True when the channel just (re)opened, or resumes, and needs a keyframe to start.</summary>
    public bool NeedsKeyframe => _state == OutputState.Running && _waitingForKeyframe && !_paused;

    /// <summary>
    /// A paused recording writes nothing (the file stays open and resumes at the next keyframe, with a gap); other
    /// outputs ignore it.
    /// </summary>
    public bool Paused
    {
        get => _paused;
        set => _paused = value && _output.IsRecording;
    }

    public bool IsRecording => _output.IsRecording;

    public OutputStatus Status => new(_output.Name, _state, Interlocked.Read(ref _packetsWritten), Interlocked.Read(ref _failures), _lastError, _lastErrorKind);

    /// <summary>First open: a file output that cannot be created fails the sink's creation; a network one retries later.</summary>
    public void Start(PictureEncoder encoder)
    {
        try
        {
            _output.Prepare();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var kind = ex is UnauthorizedAccessException ? MediaErrorKind.Unauthorized : MediaErrorKind.Io;
            throw new MediaException(kind, $"cannot prepare {_output.Name}: {ex.Message}", _output.Target, innerException: ex);
        }
        if (TryOpen(encoder)) return;
        if (!_output.Reconnects)
            throw new MediaException(_lastErrorKind ?? MediaErrorKind.Io, $"cannot open {_output.Name}: {_lastError}", _output.Target);
    }

    /// <summary>Gives the encoder's current packet to this output (opening it first if a retry is due).</summary>
    /// <param name="pts">The packet's time in the encoder's time base (<paramref name="ticksPerSecond"/>): segments rotate by stream time.</param>
    public void Write(PictureEncoder encoder, bool keyframe, long pts, int ticksPerSecond)
    {
        if (_state == OutputState.Reconnecting && Stopwatch.GetTimestamp() >= _nextAttempt) TryOpen(encoder);
        if (_state != OutputState.Running) return;
        if (_paused)
        {
            _waitingForKeyframe = true;
            return;
        }
        if (_waitingForKeyframe)
        {
            if (!keyframe) return;
            _waitingForKeyframe = false;
            _segmentStart = pts;
        }
        else if (keyframe && _output.Rotation is { } rotation && pts - _segmentStart >= (long)(rotation.TotalSeconds * ticksPerSecond))
        {
            if (!Rotate(encoder)) return;
            _segmentStart = pts;
        }
        var rc = _muxer.Write(encoder);
        if (rc < 0)
        {
            Fail(rc, Muxer.Describe(rc), "writing");
            _muxer.Close(writeTrailer: false);
            return;
        }
        Interlocked.Increment(ref _packetsWritten);
    }

    /// <summary>Finishes the current file and opens the next one, which starts at this keyframe.</summary>
    private bool Rotate(PictureEncoder encoder)
    {
        var rc = _muxer.Close(writeTrailer: true);
        if (rc < 0)
        {
            Fail(rc, Muxer.Describe(rc), "finishing a segment");
            return false;
        }
        if (!TryOpen(encoder)) return false;
        _waitingForKeyframe = false;
        return true;
    }

    public void Complete()
    {
        if (_state == OutputState.Running)
        {
            var rc = _muxer.Close(writeTrailer: true);
            if (rc < 0) Fail(rc, Muxer.Describe(rc), "finishing");
        }
        else
        {
            _muxer.Close(writeTrailer: false);
        }
        _state = OutputState.Closed;
    }

    public void Interrupt() => _muxer.Interrupt();

    public void Dispose()
    {
        _muxer.Close(writeTrailer: false);
        _muxer.Dispose();
        _state = OutputState.Closed;
    }

    private bool TryOpen(PictureEncoder encoder)
    {
        var rc = _muxer.Open(encoder, _output.NextTarget(DateTime.UtcNow), _output.Format, _output.Protocols, _output.MuxerOptions, _options.OutputTimeout, out var error);
        if (rc < 0)
        {
            Fail(rc, error, "opening");
            return false;
        }
        if (_failures > 0) _logger.LogInformation("{Output}: running again after {Failures} failure(s)", _output.Name, _failures);
        _state = OutputState.Running;
        _waitingForKeyframe = true;
        _failuresSinceRunning = 0;
        return true;
    }

    private void Fail(int rc, string error, string doing)
    {
        Interlocked.Increment(ref _failures);
        _lastError = UrlRedaction.RedactInText(error);
        _lastErrorKind = NativeError.Classify(rc);
        if (!_output.Reconnects)
        {
            _state = OutputState.Failed;
            _logger.LogError("{Output}: {Doing} failed, output stopped: {Error}", _output.Name, doing, _lastError);
            return;
        }
        _state = OutputState.Reconnecting;
        var delay = _reconnect.Delay(++_failuresSinceRunning, random01: 0);
        _nextAttempt = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        _logger.LogWarning("{Output}: {Doing} failed ({Error}); retrying in {Delay:0.#} s", _output.Name, doing, _lastError, delay.TotalSeconds);
    }
}
