using ActorVision.Core.Imaging;
using ActorVision.Inference.Detectors;
using ActorVision.Inference.Models;
using ActorVision.Tests;
using Xunit.Abstractions;

namespace ActorVision.Inference.Tests;

public sealed class BlazeFaceTests(ITestOutputHelper output)
{
    [Fact]
    public void Explore()
    {
        using var frame = TestImages.Decode(TestAssets.Astronaut);
        foreach (var (path, size) in new[] { (TestAssets.BlazeFaceDynamic, 128), (TestAssets.BlazeFaceBackDynamic, 256) })
        {
            using var detector = new BlazeFaceDetector(new ModelSpec { Name = "f", FilePath = path, Kind = DetectorKind.BlazeFace, InputWidth = size, InputHeight = size, Layout = TensorLayout.Nhwc, Normalization = PixelNormalization.Range(-1, 1), ScoreThreshold = 0.3f, NmsIouThreshold = 0.3f });
            var batch = new DetectionBatch();
            detector.Detect([frame], batch);
            foreach (var d in batch.For(0)) output.WriteLine($"{size}: {d} kp: {string.Join(" ", Enumerable.Range(0, d.KeypointCount).Select(i => d.Keypoints[i].ToString()))}");
        }
    }
}
