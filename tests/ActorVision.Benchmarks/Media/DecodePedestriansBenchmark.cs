using ActorVision.Tests;

namespace ActorVision.Benchmarks.Media;

/// <summary>The real pedestrian video (768x576, 10 fps) to RGB24.</summary>
public sealed class DecodePedestriansBenchmark : DecodeThroughputBenchmark
{
    public override string Name => "media-decode-pedestrians";
    public override string Description => "FrameSource decode of pedestrians.mp4 (real video) to 768x576 RGB24 vs the ffmpeg CLI (ratio >= 0.95)";
    protected override string Input => TestAssets.Pedestrians;
}
