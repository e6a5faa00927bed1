using ActorVision.Tests;

namespace ActorVision.Benchmarks.Media;

/// <summary>1080p H.264 (the generated testsrc clip) to full-size RGB24.</summary>
public sealed class Decode1080pBenchmark : DecodeThroughputBenchmark
{
    public override string Name => "media-decode-1080p";
    public override string Description => "FrameSource decode of testsrc-1080p.mp4 to 1920x1080 RGB24 vs the ffmpeg CLI (ratio >= 0.95)";
    protected override string Input => TestAssets.TestSource1080p;
}
