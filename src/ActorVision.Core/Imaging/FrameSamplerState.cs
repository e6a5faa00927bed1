namespace ActorVision.Core.Imaging;

/// <summary>The previous frame's luma grid of a <see cref="FrameStatisticsSampler"/>, so a resumed analysis compares its first frame as the uninterrupted one would.</summary>
public sealed record FrameSamplerState(int FrameWidth, int FrameHeight, PixelFormat Format, byte[] Samples);
