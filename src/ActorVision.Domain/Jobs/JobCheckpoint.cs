using ActorVision.Core.Imaging;
using ActorVision.Domain.Analytics;

namespace ActorVision.Domain.Jobs;

/// <summary>
/// Everything a job needs to continue after frame <see cref="FrameIndex"/> as if it had never stopped: where the
/// decoder stands, which frame the sampler takes next, the motion background, the tracker and the rule states.
/// Taken after the frame's events were made durable.
/// </summary>
/// <param name="FrameIndex">Decode index of the checkpoint frame: a resumed run skips this many frames plus one.</param>
/// <param name="StreamTime">Stream time of the checkpoint frame.</param>
/// <param name="FramesAnalysed">Frames analysed up to and including it.</param>
/// <param name="SamplerNextDue">The analysis sampler's next due time after this frame.</param>
/// <param name="Motion">The motion detector's state after this frame (null when the job uses no motion detector).</param>
/// <param name="Tracking">Tracker, rules and image statistics after this frame.</param>
public sealed record JobCheckpoint(
    long FrameIndex,
    TimeSpan StreamTime,
    long FramesAnalysed,
    TimeSpan? SamplerNextDue,
    MotionState? Motion,
    TrackingState Tracking)
{
    public long FramesToSkip => FrameIndex + 1;
}
