using Akka.Actor;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Domain.Jobs;

namespace ActorVision.Cluster.Jobs.Running;

/// <summary>
/// The per-job pieces <see cref="JobGraph"/> wires together: the camera's <see cref="FrameAnalyser"/>, the sampler and
/// the checkpoint clock (run inside <see cref="FrameAnalysisStage"/>, so a checkpoint captures each part at its frame),
/// and what <see cref="JobRecordStage"/> needs to make each frame's events and each checkpoint durable through the job
/// entity before the next frame goes on (a slow journal slows the job; nothing piles up in memory).
/// </summary>
public sealed class JobAnalysis
{
    /// <param name="window">Frames in flight to the device router: the job's backpressure on the shared device queue.</param>
    /// <param name="detectTimeout">How long a frame may wait at the router behind live cameras before the attempt fails.</param>
    /// <param name="progressAt">Progress as of the frame with the given decode index, for checkpoints.</param>
    public JobAnalysis(FrameAnalyser analyser, AnalysisSampler sampler, CheckpointClock clock, JobCounters counters,
        IActorRef entity, int window, TimeSpan detectTimeout, Func<long, JobProgress> progressAt)
    {
        Analyser = analyser;
        Counters = counters;
        Entity = entity;
        ProgressAt = progressAt;
        Options = new FrameAnalysisOptions
        {
            Window = window,
            DetectTimeout = detectTimeout,
            Sampler = sampler,
            CheckpointDue = clock.Due,
            // No Dropped: a frame the models could not analyse fails the attempt, which resumes from its checkpoint.
        };
    }

    public FrameAnalyser Analyser { get; }
    public JobCounters Counters { get; }
    public FrameAnalysisOptions Options { get; }
    public IActorRef Entity { get; }
    public Func<long, JobProgress> ProgressAt { get; }

    /// <summary>How long the job entity may take to persist a frame's events or a checkpoint before the attempt fails.</summary>
    public TimeSpan PersistTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
