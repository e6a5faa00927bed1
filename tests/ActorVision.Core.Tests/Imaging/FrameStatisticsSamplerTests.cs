using ActorVision.Core.Imaging;

namespace ActorVision.Core.Tests.Imaging;

public class FrameStatisticsSamplerTests
{
    private static VideoFrame Filled(PixelFormat format, params byte[] pixel)
    {
        var frame = VideoFrame.Allocate(640, 360, format);
        for (var y = 0; y < frame.Height; y++)
        {
            var row = frame.Row(y);
            for (var x = 0; x < row.Length; x++) row[x] = pixel[x % pixel.Length];
        }
        return frame;
    }

    private static VideoFrame Noise(int seed, PixelFormat format = PixelFormat.Rgb24)
    {
        var frame = VideoFrame.Allocate(640, 360, format);
        new Random(seed).NextBytes(frame.Pixels);
        return frame;
    }

    [Fact]
    public void Uniform_grey_has_its_luma_and_no_contrast()
    {
        var sampler = new FrameStatisticsSampler();
        var first = sampler.Measure(Filled(PixelFormat.Gray8, 128));
        Assert.Equal(new FrameStatistics(128f, 0f, 0f, false), first);
        var second = sampler.Measure(Filled(PixelFormat.Gray8, 128));
        Assert.Equal(new FrameStatistics(128f, 0f, 0f, true), second);
    }

    [Theory]
    [InlineData(PixelFormat.Rgb24, new byte[] { 255, 0, 0 }, 76f)]
    [InlineData(PixelFormat.Bgr24, new byte[] { 0, 0, 255 }, 76f)]
    [InlineData(PixelFormat.Rgb24, new byte[] { 0, 255, 0 }, 149f)]
    [InlineData(PixelFormat.Bgr24, new byte[] { 255, 0, 0 }, 28f)]
    [InlineData(PixelFormat.Rgb24, new byte[] { 255, 255, 255 }, 255f)]
    public void Luma_weighs_the_channels_of_each_layout(PixelFormat format, byte[] pixel, float luma) =>
        Assert.Equal(luma, new FrameStatisticsSampler().Measure(Filled(format, pixel)).MeanLuma);

    [Fact]
    public void Noise_has_contrast_and_changes_a_lot()
    {
        var sampler = new FrameStatisticsSampler();
        sampler.Measure(Noise(1));
        var next = sampler.Measure(Noise(2));
        Assert.InRange(next.LumaContrast, 20f, 80f);
        Assert.InRange(next.MeanAbsoluteDifference, 20f, 80f);
        Assert.Equal(0f, sampler.Measure(Noise(2)).MeanAbsoluteDifference);
    }

    [Fact]
    public void New_frame_size_starts_afresh()
    {
        var sampler = new FrameStatisticsSampler();
        sampler.Measure(Noise(1));
        var other = VideoFrame.Allocate(320, 240, PixelFormat.Rgb24);
        Assert.False(sampler.Measure(other).HasPrevious);
        Assert.True(sampler.Measure(other).HasPrevious);
    }

    [Fact]
    public void Restored_sampler_compares_with_the_captured_frame()
    {
        var sampler = new FrameStatisticsSampler();
        sampler.Measure(Noise(1));
        var expected = sampler.Measure(Noise(2));
        var capturing = new FrameStatisticsSampler();
        capturing.Measure(Noise(1));
        var restored = new FrameStatisticsSampler();
        restored.Restore(capturing.Capture());
        Assert.Equal(expected, restored.Measure(Noise(2)));
        Assert.Null(new FrameStatisticsSampler().Capture());
    }

    [Fact]
    public void Measuring_allocates_nothing()
    {
        var sampler = new FrameStatisticsSampler();
        var a = Noise(1);
        var b = Noise(2);
        sampler.Measure(a);
        sampler.Measure(b);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) sampler.Measure(i % 2 == 0 ? a : b);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
