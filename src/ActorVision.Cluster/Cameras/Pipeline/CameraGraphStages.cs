using Akka;
using Akka.Actor;
using Akka.Streams.Dsl;
using ActorVision.Core.Imaging;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>The per-camera pieces <see cref="CameraGraph"/> wires together, and what the last stage does with each analysed frame.</summary>
public sealed class CameraGraphStages
{
    private readonly IActorRef _entity;
    private readonly TimeSpan _persistTimeout;
    private readonly EventSnapshots? _snapshots;
    private readonly Action<string> _detectionSkipped;
    private readonly LiveViewTap? _liveView;

    public CameraGraphStages(
        FrameAnalyser analyser,
        PipelineCounters counters,
        IActorRef entity,
        int parallelism,
        TimeSpan idleTick,
        Sink<VideoFrame, Task>? videoOutput,
        EventSnapshots? snapshots,
        Action<string> detectionSkipped,
        LiveViewTap? liveView = null)
    {
        _liveView = liveView;
        Analyser = analyser;
        Counters = counters;
        _entity = entity;
        Parallelism = parallelism;
        IdleTick = idleTick;
        VideoOutput = videoOutput;
        _snapshots = snapshots;
        _detectionSkipped = detectionSkipped;
        _persistTimeout = TimeSpan.FromSeconds(30);
    }

    public FrameAnalyser Analyser { get; }
    public PipelineCounters Counters { get; }
    public int Parallelism { get; }
    public TimeSpan IdleTick { get; }
    public Sink<VideoFrame, Task>? VideoOutput { get; }

    public void DetectionSkipped(string reason) => _detectionSkipped(reason);

    /// <summary>
    /// The end of a frame's analysis: snapshots, then the events made durable by the camera entity (the stream waits,
    /// so a slow journal backpressures analysis instead of piling events up in memory), then the frame goes back to its pool.
    /// </summary>
    public async Task<Done> FinishAsync(AnalysedFrame analysed)
    {
        try
        {
            if (analysed.Frame is { } frame)
            {
                Counters.FrameAnalysed();
                Counters.RecordAnalysisLatency(DateTime.UtcNow - frame.CaptureTimeUtc);
                _liveView?.Offer(frame, Analyser.Overlay);
            }
            if (analysed.Events.Count > 0)
            {
                if (_snapshots is not null && analysed.Frame is { } snapshotFrame)
                    _snapshots.Write(snapshotFrame, Analyser.Overlay, analysed.Events);
                await _entity.Ask<AnalyticsEventsRecorded>(new RecordAnalyticsEvents(analysed.Events), _persistTimeout).ConfigureAwait(false);
                if (analysed.Frame is { } persisted) Counters.RecordEventLatency(DateTime.UtcNow - persisted.CaptureTimeUtc);
            }
            return Done.Instance;
        }
        finally
        {
            analysed.ReleaseFrame();
        }
    }
}
