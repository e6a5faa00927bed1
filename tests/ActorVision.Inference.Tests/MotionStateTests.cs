using ActorVision.Core.Detections;
using ActorVision.Inference.Motion;
using ActorVision.Tests;
using ActorVision.Core.Imaging;

namespace ActorVision.Inference.Tests;

/// <summary>A job checkpoints its motion detector and resumes on another node: the restored detector must see what the original sees.</summary>
public sealed class MotionStateTests
{
    [Fact]
    public void A_restored_detector_finds_exactly_the_blobs_of_the_uninterrupted_one()
    {
        var frames = TestImages.DecodeVideo(TestAssets.Pedestrians, 60);
        var original = new MotionDetector();
        var expected = new List<List<Detection>>();
        MotionState? captured = null;
        for (var i = 0; i < frames.Count; i++)
        {
            var blobs = new List<Detection>();
            original.Process(frames[i], blobs);
            expected.Add(blobs);
            if (i == 29) captured = original.Capture();
        }
        Assert.Contains(expected.Skip(30), blobs => blobs.Count > 0);

        var copy = new MotionState(captured!.SourceWidth, captured.SourceHeight, captured.FramesSeen, captured.Background.ToArray());
        var resumed = new MotionDetector();
        resumed.Restore(copy);
        for (var i = 30; i < frames.Count; i++)
        {
            var blobs = new List<Detection>();
            resumed.Process(frames[i], blobs);
            Assert.Equal(expected[i].Select(b => b.Box), blobs.Select(b => b.Box));
        }
        foreach (var frame in frames) frame.Release();
    }

    [Fact]
    public void A_fresh_detector_captures_nothing_and_restoring_nothing_starts_afresh()
    {
        var detector = new MotionDetector();
        Assert.Null(detector.Capture());
        detector.Restore(null);
        Assert.Null(detector.Capture());
    }

    [Fact]
    public void A_background_of_another_size_is_refused()
    {
        var detector = new MotionDetector();
        Assert.Throws<ArgumentException>(() => detector.Restore(new MotionState(320, 240, 5, new float[10])));
    }
}
