using ActorVision.Core.Geometry;
using ActorVision.Core.Imaging;
using ActorVision.Media.Overlay;
using ActorVision.Tests;

namespace ActorVision.Media.Tests;

public sealed class JpegEncoderTests
{
    private static VideoFrame Decode(byte[] jpeg, ScratchDirectory scratch)
    {
        var path = scratch.File(Guid.NewGuid().ToString("N") + ".jpg");
        File.WriteAllBytes(path, jpeg);
        using var source = FrameSource.Open(new FrameSourceOptions(path));
        return source.ReadFrame()!;
    }

    private static VideoFrame Astronaut()
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.Astronaut));
        return source.ReadFrame()!;
    }

    [Fact]
    public void A_frame_encodes_to_a_jpeg_that_decodes_to_the_same_picture()
    {
        using var scratch = new ScratchDirectory();
        using var jpeg = new JpegEncoder(quality: 90);
        using var frame = Astronaut();
        var bytes = jpeg.Encode(frame);
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, bytes[..2]);
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, bytes[^2..]);

        using var decoded = Decode(bytes, scratch);
        Assert.Equal((512, 512), (decoded.Width, decoded.Height));
        long difference = 0;
        for (var y = 0; y < 512; y++)
        {
            var a = frame.Row(y);
            var b = decoded.Row(y);
            for (var i = 0; i < a.Length; i++) difference += Math.Abs(a[i] - b[i]);
        }
        var mean = (double)difference / (512 * 512 * 3);
        Assert.True(mean < 6, $"mean absolute difference {mean:0.00}");
    }

    [Fact]
    public void A_crop_is_scaled_to_the_maximum_size_and_annotated_in_frame_coordinates()
    {
        using var scratch = new ScratchDirectory();
        using var jpeg = new JpegEncoder();
        using var frame = Astronaut();
        var before = frame.Pixels.ToArray();
        // Region 200x100 at (100, 200), longer side limited to 100: a 100x50 thumbnail.
        var bytes = jpeg.Encode(frame, new BoxF(100, 200, 300, 300), maxSize: 100,
            overlay: canvas => canvas.FillBox(new BoxF(200, 250, 300, 300), Rgb.Green));
        Assert.True(before.AsSpan().SequenceEqual(frame.Pixels), "the snapshot must not touch the frame");

        using var decoded = Decode(bytes, scratch);
        Assert.Equal((100, 50), (decoded.Width, decoded.Height));
        // Frame (250, 275) is inside the green box, and maps to (75, 37) in the thumbnail.
        var row = decoded.Row(37);
        Assert.True(row[3 * 75 + 1] > 150 && row[3 * 75] < 100, $"expected green, got ({row[3 * 75]},{row[3 * 75 + 1]},{row[3 * 75 + 2]})");
        // Frame (150, 225) is outside it: the photo's own colours.
        row = decoded.Row(12);
        Assert.False(row[3 * 25 + 1] > 150 && row[3 * 25] < 100);
    }

    [Fact]
    public void Encoders_are_reused_per_size_and_sizes_stay_even()
    {
        using var jpeg = new JpegEncoder(cachedSizes: 2);
        using var frame = Astronaut();
        for (var i = 0; i < 20; i++)
        {
            var size = 64 + 16 * (i % 3);
            var bytes = jpeg.Encode(frame, new BoxF(i, i, i + 101, i + 75), maxSize: size);
            Assert.True(bytes.Length > 200);
        }
        Assert.Equal((100, 74), JpegEncoder.OutputSize(101, 75, 0));
        Assert.Equal((64, 46), JpegEncoder.OutputSize(101, 75, 64));
    }

    [Fact]
    public void A_region_outside_the_frame_is_refused()
    {
        using var jpeg = new JpegEncoder();
        using var frame = Astronaut();
        var error = Assert.Throws<MediaException>(() => jpeg.Encode(frame, new BoxF(600, 600, 700, 700)));
        Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void Quality_trades_size_for_fidelity()
    {
        using var frame = Astronaut();
        using var low = new JpegEncoder(quality: 10);
        using var high = new JpegEncoder(quality: 95);
        Assert.True(low.Encode(frame).Length * 2 < high.Encode(frame).Length);
    }
}
