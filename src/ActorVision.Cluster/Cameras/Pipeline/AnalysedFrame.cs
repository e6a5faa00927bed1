using ActorVision.Core.Events;
using ActorVision.Core.Imaging;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>A frame after tracking and rules: the events it caused. Still holds the frame's reference for snapshots.</summary>
public sealed record AnalysedFrame(VideoFrame? Frame, IReadOnlyList<AnalyticsEvent> Events)
{
    public void ReleaseFrame() => Frame?.Release();
}
