using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;
using ActorVision.Core.Imaging;
using ActorVision.Inference.Detectors;
using ActorVision.Inference.Motion;
using ActorVision.Tests;

namespace ActorVision.Inference.Tests;

public sealed class MotionDetectorTests
{
    [Fact]
    public void A_moving_square_becomes_one_blob_at_its_place()
    {
        var detector = new MotionDetector();
        var blobs = new List<Detection>();
        using var background = TestImages.Solid(320, 240, 60, 80, 60);
        detector.Process(background, blobs);
        detector.Process(background, blobs);
        Assert.Empty(blobs);
        Assert.False(detector.HasMotion);

        using var moved = WithSquare(background, 100, 80, 40);
        detector.Process(moved, blobs);

        var blob = Assert.Single(blobs);
        Assert.Equal(MotionDetector.Label, blob.Label);
        Assert.True(detector.HasMotion);
        // Tolerance: the gray copy is 160 px wide (2 source px per cell) and two dilations grow the blob by 2 cells a side.
        var square = new BoxF(100, 80, 140, 120);
        Assert.True(blob.Box.X1 <= square.X1 && blob.Box.Y1 <= square.Y1 && blob.Box.X2 >= square.X2 && blob.Box.Y2 >= square.Y2, $"{blob.Box} must contain {square}");
        Assert.True(blob.Box.IoU(square) > 0.6f, $"{blob.Box} vs {square}");
    }

    [Fact]
    public void Isolated_pixel_noise_is_not_motion()
    {
        var detector = new MotionDetector();
        var blobs = new List<Detection>();
        using var background = TestImages.Solid(160, 120, 100, 100, 100);
        detector.Process(background, blobs);
        using var noisy = TestImages.Solid(160, 120, 100, 100, 100);
        foreach (var (x, y) in new[] { (10, 10), (50, 70), (120, 30), (151, 111) }) noisy.Row(y)[(x * 3)..(x * 3 + 3)].Fill(255);

        detector.Process(noisy, blobs);

        Assert.Empty(blobs);
        Assert.False(detector.HasMotion);
    }

    [Fact]
    public void A_change_that_stays_is_learnt_into_the_background()
    {
        var detector = new MotionDetector(new MotionSettings { LearningRate = 0.5f });
        var blobs = new List<Detection>();
        using var background = TestImages.Solid(160, 120, 60, 60, 60);
        detector.Process(background, blobs);
        using var parked = WithSquare(background, 40, 40, 30);

        var frames = 0;
        do
        {
            blobs.Clear();
            detector.Process(parked, blobs);
            frames++;
        } while (detector.HasMotion && frames < 20);

        Assert.InRange(frames, 2, 10);
    }

    [Fact]
    public void Walking_people_in_the_pedestrian_video_move()
    {
        var frames = TestImages.DecodeVideo(TestAssets.Pedestrians, 12);
        var detector = new MotionDetector();
        var batch = new DetectionBatch();

        detector.Detect(frames.ToArray(), batch);

        var withMotion = Enumerable.Range(1, frames.Count - 1).Count(i => batch.For(i).Length > 0);
        Assert.True(withMotion >= frames.Count - 3, $"motion in {withMotion} of {frames.Count - 1} frames");
        Assert.Empty(batch.ToArray(0));
    }

    private static VideoFrame WithSquare(VideoFrame background, int left, int top, int size)
    {
        var frame = VideoFrame.Allocate(background.Width, background.Height, background.Format);
        frame.CopyFrom(background);
        for (var y = top; y < top + size; y++) frame.Row(y).Slice(left * 3, size * 3).Fill(250);
        return frame;
    }
}
