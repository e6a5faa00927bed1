using Akka;
using Akka.Actor;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Core.Imaging;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;

namespace ActorVision.Cluster.Jobs.Running;

/// <summary>
/// The per-job pieces <see cref="JobGraph"/> wires together: the sampler, the camera's <see cref="FrameAnalyser"/>,
/// the checkpoint clock, and the last stage that makes each frame's events and each checkpoint durable through the
/// job entity before the next frame goes on (a slow journal slows the job; nothing piles up in memory).
/// </summary>
public sealed class JobAnalysis
{
    private static readonly TimeSpan PersistTimeout = TimeSpan.FromSeconds(30);
    private readonly AnalysisSampler _sampler;
    private readonly CheckpointClock _clock;
    private readonly IActorRef _entity;
    private readonly Func<long, JobProgress> _progressAt;

    /// <param name="progressAt">Progress as of the frame with the given decode index, for checkpoints.</param>
    public JobAnalysis(FrameAnalyser analyser, AnalysisSampler sampler, CheckpointClock clock, JobCounters counters,
        IActorRef entity, int window, Func<long, JobProgress> progressAt)
    {
        Analyser = analyser;
        _sampler = sampler;
        _clock = clock;
        Counters = counters;
        _entity = entity;
        Window = window;
        _progressAt = progressAt;
    }

    public FrameAnalyser Analyser { get; }
    public JobCounters Counters { get; }
    /// <summary>Frames in flight to the device router: the job's backpressure on the shared device queue.</summary>
    public int Window { get; }

    /// <summary>Whether the frame is analysed; a frame that is not goes back to its pool here.</summary>
    internal bool ShouldAnalyse(VideoFrame frame)
    {
        if (_sampler.ShouldAnalyse(frame.StreamTime)) return true;
        frame.Release();
        return false;
    }

    /// <summary>Marks the frame for a checkpoint when one is due; runs right after <see cref="ShouldAnalyse"/> took it.</summary>
    internal SampledFrame Mark(VideoFrame frame) =>
        new(frame, _clock.Due() ? new CheckpointMark(_sampler.Capture()) : null);

    internal async Task<DetectedJobFrame> DetectAsync(SampledFrame sampled)
    {
        // The motion detector runs in the synchronous part of DetectAsync, in stream order: capture it right after.
        var detecting = Analyser.DetectAsync(sampled.Frame);
        var mark = sampled.Checkpoint is { } m ? m with { Motion = Analyser.CaptureMotion() } : null;
        var detected = await detecting.ConfigureAwait(false);
        if (detected.Skipped) throw new JobAnalysisException(detected.SkipReason!);
        return new DetectedJobFrame(detected, mark);
    }

    internal AnalysedJobFrame Track(DetectedJobFrame detected)
    {
        var analysed = Analyser.Track(detected.Detected);
        var frame = analysed.Frame!;
        var analysedCount = Counters.Analysed();
        var checkpoint = detected.Checkpoint is { } mark
            ? new JobCheckpoint(frame.Sequence, frame.StreamTime, analysedCount, mark.SamplerNextDue, mark.Motion, Analyser.CaptureTracking())
            : null;
        return new AnalysedJobFrame(analysed, checkpoint);
    }

    internal async Task<Done> FinishAsync(AnalysedJobFrame analysed)
    {
        try
        {
            if (analysed.Analysed.Events.Count > 0)
                await _entity.Ask<JobFrameRecorded>(new RecordJobFrame(analysed.Analysed.Events), PersistTimeout).ConfigureAwait(false);
            if (analysed.Checkpoint is { } checkpoint)
            {
                var progress = _progressAt(checkpoint.FrameIndex) with { FramesAnalysed = checkpoint.FramesAnalysed };
                await _entity.Ask<JobCheckpointSaved>(new SaveJobCheckpoint(checkpoint, progress), PersistTimeout).ConfigureAwait(false);
            }
            return Done.Instance;
        }
        finally
        {
            analysed.Analysed.ReleaseFrame();
        }
    }
}
