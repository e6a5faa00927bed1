using ActorVision.Cluster.Telemetry;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// Counters a camera's stream stages update from their own threads and the pipeline actor reads every status
/// interval. Plain interlocked fields: no allocation and no lock on the frame path. Each update also feeds the
/// camera's OpenTelemetry instrument (its node's <see cref="ActorVisionMetrics"/>), tagged with the camera id.
/// </summary>
public sealed class PipelineCounters
{
    private static readonly KeyValuePair<string, object?> AnalysisStage = new("stage", "analysis");
    private static readonly KeyValuePair<string, object?> OutputStage = new("stage", "output");
    private readonly KeyValuePair<string, object?> _camera;
    private readonly ActorVisionMetrics _metrics;
    private long _framesIn;
    private long _framesAnalysed;
    private long _framesEncoded;
    private long _framesDropped;
    private long _reconnects;
    private long _outputFramesDropped;
    private long _snapshotsSkipped;
    private long _recordingFramesSkipped;

    public long FramesIn => Interlocked.Read(ref _framesIn);
    public long FramesAnalysed => Interlocked.Read(ref _framesAnalysed);
    public long FramesEncoded => Interlocked.Read(ref _framesEncoded);
    /// <summary>Frames due for analysis that were not analysed: replaced by a newer frame, or refused by a full device queue.</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);
    public long Reconnects => Interlocked.Read(ref _reconnects);
    /// <summary>Frames the annotated output skipped because the encoder fell behind (live cameras only).</summary>
    public long OutputFramesDropped => Interlocked.Read(ref _outputFramesDropped);

    /// <summary>Event snapshots not written because the node's disk space is low.</summary>
    public long SnapshotsSkipped => Interlocked.Read(ref _snapshotsSkipped);
    /// <summary>Frames not recorded to the camera's MP4 outputs because the node's disk space is low.</summary>
    public long RecordingFramesSkipped => Interlocked.Read(ref _recordingFramesSkipped);

    /// <summary>Capture-to-analysed latency of recent frames.</summary>
    public LatencyWindow Latency { get; } = new(256);

    public PipelineCounters(string cameraId, ActorVisionMetrics metrics)
    {
        _metrics = metrics;
        _camera = ActorVisionMetrics.CameraTag(cameraId);
        // Series that may stay at zero exist from the start, so rates and alerts over them read 0, not "no data".
        _metrics.FramesDropped.Add(0, _camera, AnalysisStage);
        _metrics.FramesDropped.Add(0, _camera, OutputStage);
        _metrics.Reconnects.Add(0, _camera);
    }

    public void FrameIn()
    {
        Interlocked.Increment(ref _framesIn);
        _metrics.FramesIn.Add(1, _camera);
    }

    public void FrameAnalysed()
    {
        Interlocked.Increment(ref _framesAnalysed);
        _metrics.FramesAnalysed.Add(1, _camera);
    }

    public void FrameEncoded()
    {
        Interlocked.Increment(ref _framesEncoded);
        _metrics.FramesEncoded.Add(1, _camera);
    }

    public void FrameDropped()
    {
        Interlocked.Increment(ref _framesDropped);
        _metrics.FramesDropped.Add(1, _camera, AnalysisStage);
    }

    public void Reconnected()
    {
        Interlocked.Increment(ref _reconnects);
        _metrics.Reconnects.Add(1, _camera);
    }

    public void OutputFrameDropped()
    {
        Interlocked.Increment(ref _outputFramesDropped);
        _metrics.FramesDropped.Add(1, _camera, OutputStage);
    }

    public void SnapshotsSkippedForSpace(int count)
    {
        Interlocked.Add(ref _snapshotsSkipped, count);
        _metrics.SnapshotsSkipped.Add(count, _camera);
    }

    public void RecordingFrameSkippedForSpace()
    {
        Interlocked.Increment(ref _recordingFramesSkipped);
        _metrics.RecordingFramesSkipped.Add(1, _camera);
    }

    /// <summary>Capture to the end of analysis: the status window and the histogram.</summary>
    public void RecordAnalysisLatency(TimeSpan latency)
    {
        Latency.Record(latency);
        _metrics.AnalysisLatency.Record(latency.TotalSeconds, _camera);
    }

    /// <summary>Capture to the frame's events being persisted (end-to-end).</summary>
    public void RecordEventLatency(TimeSpan latency) => _metrics.EventLatency.Record(latency.TotalSeconds, _camera);

    /// <summary>One <c>ReadFrame</c> of the source (demux, decode, scale).</summary>
    public void RecordDecode(TimeSpan elapsed) => _metrics.DecodeDuration.Record(elapsed.TotalSeconds, _camera);

    /// <summary>One frame's round trip to the device router(s).</summary>
    public void RecordInference(TimeSpan elapsed) => _metrics.CameraInference.Record(elapsed.TotalSeconds, _camera);
}
