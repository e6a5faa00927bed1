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
    private static readonly KeyValuePair<string, object?>[] Reasons =
        Enum.GetValues<FrameDropReason>().Select(r => new KeyValuePair<string, object?>("reason", r.Tag())).ToArray();
    private readonly KeyValuePair<string, object?> _camera;
    private readonly ActorVisionMetrics _metrics;
    private long _framesIn;
    private long _framesAnalysed;
    private long _framesEncoded;
    private long _framesDropped;
    private long _reconnects;
    private long _outputFramesDropped;
    private long _snapshotsFailed;
    private long _eventsNotConfirmed;
    private readonly long[] _droppedBy = new long[Reasons.Length];
    private long _snapshotsSkipped;
    private long _recordingFramesSkipped;

    public long FramesIn => Interlocked.Read(ref _framesIn);
    public long FramesAnalysed => Interlocked.Read(ref _framesAnalysed);
    public long FramesEncoded => Interlocked.Read(ref _framesEncoded);
    /// <summary>Frames due for analysis that were not analysed (<see cref="FrameDropReason"/> says why).</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);
    /// <summary>Frames due for analysis that were not analysed for this reason.</summary>
    public long FramesDroppedFor(FrameDropReason reason) => Interlocked.Read(ref _droppedBy[(int)reason]);
    public long Reconnects => Interlocked.Read(ref _reconnects);
    /// <summary>Frames the annotated output skipped because the encoder fell behind (live cameras only).</summary>
    public long OutputFramesDropped => Interlocked.Read(ref _outputFramesDropped);
    /// <summary>Event snapshots that failed or took too long (the events were persisted).</summary>
    public long SnapshotsFailed => Interlocked.Read(ref _snapshotsFailed);
    /// <summary>Frames whose events the journal did not confirm within the persist timeout.</summary>
    public long FramesWithEventsNotConfirmed => Interlocked.Read(ref _eventsNotConfirmed);

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
        foreach (var reason in Reasons)
        {
            _metrics.FramesDropped.Add(0, _camera, AnalysisStage, reason);
            _metrics.FramesDropped.Add(0, _camera, OutputStage, reason);
        }
        _metrics.SnapshotsFailed.Add(0, _camera);
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

    public void FrameDropped(FrameDropReason reason, long count = 1)
    {
        Interlocked.Add(ref _framesDropped, count);
        Interlocked.Add(ref _droppedBy[(int)reason], count);
        _metrics.FramesDropped.Add(count, _camera, AnalysisStage, Reasons[(int)reason]);
    }

    public void Reconnected()
    {
        Interlocked.Increment(ref _reconnects);
        _metrics.Reconnects.Add(1, _camera);
    }

    public void OutputFrameDropped(FrameDropReason reason, long count = 1)
    {
        Interlocked.Add(ref _outputFramesDropped, count);
        _metrics.FramesDropped.Add(count, _camera, OutputStage, Reasons[(int)reason]);
    }

    public void SnapshotFailed()
    {
        Interlocked.Increment(ref _snapshotsFailed);
        _metrics.SnapshotsFailed.Add(1, _camera);
    }

    public void EventsNotConfirmed() => Interlocked.Increment(ref _eventsNotConfirmed);

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
