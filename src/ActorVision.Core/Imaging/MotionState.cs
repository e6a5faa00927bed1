namespace ActorVision.Core.Imaging;

/// <summary>
/// What a <see cref="MotionDetector"/> has learnt: the frame size it works for, how many frames it has seen and its
/// background model. Restoring it into a fresh detector continues exactly where the captured one stood (an analysis
/// job resuming on another node after a checkpoint).
/// </summary>
public sealed record MotionState(int SourceWidth, int SourceHeight, int FramesSeen, float[] Background);
