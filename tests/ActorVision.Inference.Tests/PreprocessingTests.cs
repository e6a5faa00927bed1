using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;
using ActorVision.Core.Imaging;
using ActorVision.Inference.Detectors;
using ActorVision.Inference.Models;
using ActorVision.Inference.Preprocessing;
using ActorVision.Tests;

namespace ActorVision.Inference.Tests;

public sealed class PreprocessingTests
{
    [Fact]
    public void Letterbox_fits_keeping_aspect_and_maps_back()
    {
        var t = InputTransform.Letterbox(200, 100, 100, 100);

        Assert.Equal((0.5f, 0.5f), (t.ScaleX, t.ScaleY));
        Assert.Equal(25f, t.PadY);
        Assert.Equal(new PointF(100f, 50f), t.ToSource(50f, 50f));
        Assert.Equal(new BoxF(0f, 0f, 200f, 100f), t.ToSource(new BoxF(-5f, 0f, 105f, 100f)));
    }

    [Fact]
    public void Stretch_scales_each_axis_on_its_own_and_maps_back()
    {
        var t = InputTransform.Stretch(600, 300, 300, 300);

        Assert.Equal((0.5f, 1f, 0f, 0f), (t.ScaleX, t.ScaleY, t.PadX, t.PadY));
        Assert.Equal(new BoxF(100f, 30f, 600f, 300f), t.ToSource(new BoxF(50f, 30f, 310f, 300f)));
    }

    [Fact]
    public void Stretch_fills_the_whole_input_without_padding()
    {
        // A 4x1 frame, left half black and right half white, stretched into 2x2: both rows are the frame's one row.
        using var frame = VideoFrame.Allocate(4, 1, PixelFormat.Rgb24);
        frame.Pixels.Clear();
        frame.Row(0)[6..].Fill(255);
        var writer = new InputTensorWriter(2, 2, TensorLayout.Nchw, ChannelOrder.Rgb, PixelNormalization.Range(0f, 255f), ResizeMode.Stretch);
        var slot = new float[writer.ImageSize];

        var t = writer.Write(frame, slot);

        Assert.Equal((0.5f, 2f), (t.ScaleX, t.ScaleY));
        Assert.Equal([0f, 255f, 0f, 255f], slot[0..4]);
    }

    [Fact]
    public void Nhwc_bgr_range_minus_one_to_one_with_padding()
    {
        var writer = new InputTensorWriter(4, 4, TensorLayout.Nhwc, ChannelOrder.Bgr, PixelNormalization.Range(-1f, 1f));
        using var red = TestImages.Solid(8, 4, 255, 0, 0);
        var slot = new float[writer.ImageSize];

        var t = writer.Write(red, slot);

        Assert.Equal(1f, t.PadY);
        // Row 0 is padding: black = -1 in every channel.
        Assert.All(slot[..12], v => Assert.Equal(-1f, v));
        // Row 1 is content: B, G, R = -1, -1, 1.
        Assert.Equal([-1f, -1f, 1f], slot[12..15]);
        Assert.All(slot[36..48], v => Assert.Equal(-1f, v));
    }

    [Fact]
    public void Nchw_planes_with_mean_and_std()
    {
        var norm = new PixelNormalization([10f, 20f, 30f], [2f, 4f, 5f]);
        var writer = new InputTensorWriter(2, 2, TensorLayout.Nchw, ChannelOrder.Rgb, norm);
        using var frame = TestImages.Solid(2, 2, 50, 60, 80, PixelFormat.Bgr24);
        var slot = new float[writer.ImageSize];

        writer.Write(frame, slot);

        Assert.All(slot[0..4], v => Assert.Equal(20f, v));   // (50 - 10) / 2
        Assert.All(slot[4..8], v => Assert.Equal(10f, v));   // (60 - 20) / 4
        Assert.All(slot[8..12], v => Assert.Equal(10f, v));  // (80 - 30) / 5
    }

    [Fact]
    public void Downscaling_interpolates_between_pixels()
    {
        // Left half black, right half white, 4 px wide into 2 px: samples at the pixel centres 0.5 and 2.5.
        using var frame = VideoFrame.Allocate(4, 1, PixelFormat.Rgb24);
        frame.Pixels.Clear(); // buffers come uninitialised
        frame.Row(0)[6..].Fill(255);
        var writer = new InputTensorWriter(2, 1, TensorLayout.Nchw, ChannelOrder.Rgb, PixelNormalization.Range(0f, 255f));
        var slot = new float[writer.ImageSize];

        writer.Write(frame, slot);

        Assert.Equal(0f, slot[0]);
        Assert.Equal(255f, slot[1]);
    }

    [Fact]
    public void Gray_frames_are_refused()
    {
        var writer = new InputTensorWriter(2, 2, TensorLayout.Nchw, ChannelOrder.Rgb, PixelNormalization.UnitRange);
        using var gray = VideoFrame.Allocate(2, 2, PixelFormat.Gray8);
        Assert.Throws<ArgumentException>(() => writer.Write(gray, new float[writer.ImageSize]));
    }

    [Fact]
    public void Hard_nms_suppresses_overlaps_of_the_same_class_only()
    {
        var candidates = new List<Detection>
        {
            new(new BoxF(0, 0, 10, 10), 0.6f, 0, "a"),
            new(new BoxF(1, 0, 11, 10), 0.9f, 0, "a"),
            new(new BoxF(0, 0, 10, 10), 0.7f, 1, "b"),
            new(new BoxF(50, 50, 60, 60), 0.5f, 0, "a"),
        };
        var kept = new List<Detection>();

        NonMaxSuppression.Hard(candidates, 0.5f, 10, kept);

        Assert.Equal([0.9f, 0.7f, 0.5f], kept.Select(d => d.Score));
    }

    [Fact]
    public void Weighted_nms_averages_the_cluster_by_score()
    {
        var a = new Detection(new BoxF(0, 0, 10, 10), 0.75f, 0, "face");
        a.AddKeypoint(new PointF(2, 2));
        var b = new Detection(new BoxF(2, 0, 12, 10), 0.25f, 0, "face");
        b.AddKeypoint(new PointF(6, 2));
        var far = new Detection(new BoxF(40, 40, 50, 50), 0.5f, 0, "face");
        far.AddKeypoint(new PointF(45, 45));
        var candidates = new List<Detection> { b, far, a };
        var kept = new List<Detection>();

        NonMaxSuppression.Weighted(candidates, 0.3f, 10, kept);

        Assert.Equal(2, kept.Count);
        Assert.Equal(0.75f, kept[0].Score);
        Assert.Equal(new BoxF(0.5f, 0f, 10.5f, 10f), kept[0].Box);
        Assert.Equal(new PointF(3f, 2f), kept[0].Keypoints[0]);
        Assert.Equal(new BoxF(40, 40, 50, 50), kept[1].Box);
    }
}
