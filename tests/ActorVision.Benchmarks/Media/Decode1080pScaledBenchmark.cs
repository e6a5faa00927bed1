using ActorVision.Tests;

namespace ActorVision.Benchmarks.Media;

/// <summary>1080p H.264 scaled to 640x360 RGB24: what an analysis pipeline asks for.</summary>
public sealed class Decode1080pScaledBenchmark : DecodeThroughputBenchmark
{
    public override string Name => "media-decode-1080p-640";
    public override string Description => "FrameSource decode of testsrc-1080p.mp4 scaled to 640x360 RGB24 vs the ffmpeg CLI (ratio >= 0.95)";
    protected override string Input => TestAssets.TestSource1080p;
    protected override int? OutputWidth => 640;
    protected override int? OutputHeight => 360;
}
