using ActorVision.Core.Imaging;
using ActorVision.Tests;

namespace ActorVision.Media.Tests;

public sealed class FileSourceTests
{
    [Fact]
    public void Reads_every_frame_of_a_file_with_its_timing()
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p));
        Assert.Equal("h264", source.Info.Codec);
        Assert.Equal((640, 360), (source.Info.SourceWidth, source.Info.SourceHeight));
        Assert.Equal((640, 360), (source.Info.OutputWidth, source.Info.OutputHeight));
        Assert.Equal(25, source.Info.FrameRate, 3);
        Assert.Equal(250, source.Info.EstimatedFrameCount);
        Assert.Equal(10.0, source.Info.Duration!.Value.TotalSeconds, 2);
        Assert.False(source.Info.IsLive);

        var count = 0;
        var before = DateTime.UtcNow;
        while (source.ReadFrame() is { } frame)
        {
            Assert.Equal(PixelFormat.Rgb24, frame.Format);
            Assert.Equal((640, 360), (frame.Width, frame.Height));
            Assert.Equal(count, frame.Sequence);
            Assert.Equal(TimeSpan.FromMilliseconds(40 * count), frame.StreamTime);
            Assert.InRange(frame.CaptureTimeUtc, before, DateTime.UtcNow);
            frame.Release();
            count++;
        }
        Assert.Equal(250, count);
        Assert.Equal(250, source.FramesDecoded);
        Assert.Equal(0, source.FramesSkipped);
        Assert.Equal(0, source.FramesCorrupt);
        Assert.Null(source.ReadFrame());
    }

    [Fact]
    public void Reads_the_real_pedestrian_video_to_its_true_frame_count()
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.Pedestrians) { DecoderThreads = 2 });
        var count = 0;
        while (source.ReadFrame() is { } frame)
        {
            frame.Release();
            count++;
        }
        Assert.Equal(FFmpegTool.CountFrames(TestAssets.Pedestrians), count);
        Assert.Equal(795, count);
    }

    [Theory]
    [InlineData(320, null, 320, 180)]
    [InlineData(null, 180, 320, 180)]
    [InlineData(256, 256, 256, 256)]
    public void Scales_to_the_requested_size_keeping_the_aspect_when_one_side_is_given(int? width, int? height, int expectedWidth, int expectedHeight)
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p) { OutputWidth = width, OutputHeight = height });
        Assert.Equal((expectedWidth, expectedHeight), (source.Info.OutputWidth, source.Info.OutputHeight));
        using var frame = source.ReadFrame()!;
        Assert.Equal((expectedWidth, expectedHeight), (frame.Width, frame.Height));
    }

    [Fact]
    public void Delivers_rgb_bgr_and_gray_that_agree_with_each_other()
    {
        using var rgb = Frame(PixelFormat.Rgb24, 30);
        using var bgr = Frame(PixelFormat.Bgr24, 30);
        using var gray = Frame(PixelFormat.Gray8, 30);
        Assert.Equal(PixelFormat.Gray8, gray.Format);
        var colourful = 0;
        var samples = 0;
        var disagree = 0;
        for (var y = 0; y < rgb.Height; y += 7)
        {
            var rgbRow = rgb.Row(y);
            var bgrRow = bgr.Row(y);
            var grayRow = gray.Row(y);
            for (var x = 0; x < rgb.Width; x += 5)
            {
                var (r, g, b) = (rgbRow[3 * x], rgbRow[3 * x + 1], rgbRow[3 * x + 2]);
                Assert.Equal(r, bgrRow[3 * x + 2]);
                Assert.Equal(g, bgrRow[3 * x + 1]);
                Assert.Equal(b, bgrRow[3 * x]);
                // Luma from the same decoded picture agrees except at sharp colour edges, where chroma upsampling clips RGB.
                var luma = 0.299 * r + 0.587 * g + 0.114 * b;
                samples++;
                if (Math.Abs(grayRow[x] - luma) > 8) disagree++;
                if (Math.Abs(r - g) > 60 || Math.Abs(g - b) > 60) colourful++;
            }
        }
        Assert.True(disagree < samples / 20, $"{disagree} of {samples} gray pixels disagree with the RGB luma");
        Assert.True(colourful > 100, "testsrc2 is colourful; a grey picture means the conversion is wrong");

        static VideoFrame Frame(PixelFormat format, int index)
        {
            using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p) { OutputFormat = format });
            for (var i = 0; i < index; i++) source.ReadFrame()!.Release();
            return source.ReadFrame()!;
        }
    }

    [Theory]
    [InlineData(10, 100)]
    [InlineData(5, 50)]
    [InlineData(12.5, 125)]
    [InlineData(25, 250)]
    [InlineData(60, 250)]
    public void Max_fps_skips_frames_evenly_before_converting_them(double maxFps, int expected)
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p) { MaxFps = maxFps });
        var times = new List<TimeSpan>();
        while (source.ReadFrame() is { } frame)
        {
            times.Add(frame.StreamTime);
            frame.Release();
        }
        Assert.Equal(expected, times.Count);
        Assert.Equal(250, source.FramesDecoded);
        Assert.Equal(250 - expected, source.FramesSkipped);
        // Evenly spread: no gap longer than one target interval plus one source frame.
        var limit = TimeSpan.FromSeconds(1 / Math.Min(maxFps, 25)) + TimeSpan.FromMilliseconds(40);
        for (var i = 1; i < times.Count; i++) Assert.InRange(times[i] - times[i - 1], TimeSpan.FromMilliseconds(1), limit);
    }

    [Theory]
    [InlineData(HardwareDecode.Vaapi)]
    [InlineData(HardwareDecode.Cuda)]
    public void Hardware_decode_without_a_device_falls_back_to_software_and_says_why(HardwareDecode hardware)
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p) { HardwareDecode = hardware });
        Assert.Equal(hardware, source.Info.HardwareDecodeRequested);
        Assert.False(source.Info.HardwareDecodeActive);
        Assert.False(string.IsNullOrWhiteSpace(source.Info.HardwareFallbackReason));
        Assert.Contains(hardware.ToString().ToLowerInvariant(), source.Info.HardwareFallbackReason!.ToLowerInvariant());
        using var frame = source.ReadFrame()!;
        Assert.Equal(640, frame.Width);
    }

    [Fact]
    public void A_looping_file_keeps_time_moving_forward_across_the_loop()
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p) { LoopFile = true });
        var last = TimeSpan.MinValue;
        for (var i = 0; i < 600; i++)
        {
            using var frame = source.ReadFrame()!;
            Assert.Equal(i, frame.Sequence);
            // Each loop continues one frame interval after the last frame of the previous one.
            Assert.Equal(TimeSpan.FromMilliseconds(40 * i), frame.StreamTime);
            last = frame.StreamTime;
        }
        Assert.Equal(2, source.TimestampDiscontinuities);
    }

    [Fact]
    public void A_timestamp_reset_inside_a_stream_keeps_stream_time_monotonic()
    {
        using var scratch = new ScratchDirectory();
        // Two MPEG-TS copies back to back: the second half restarts its PTS, like a camera that rebooted.
        var part = scratch.File("part.ts");
        FFmpegTool.Ffmpeg("-i", TestAssets.TestSource360p, "-c", "copy", "-f", "mpegts", part);
        var joined = scratch.File("reset.ts");
        var bytes = File.ReadAllBytes(part);
        File.WriteAllBytes(joined, [.. bytes, .. bytes]);

        using var source = FrameSource.Open(new FrameSourceOptions(joined));
        var times = new List<TimeSpan>();
        var pts = new List<long>();
        while (source.ReadFrame() is { } frame)
        {
            times.Add(frame.StreamTime);
            pts.Add(frame.Pts);
            frame.Release();
        }
        Assert.Equal(500, times.Count);
        Assert.True(pts[250] < pts[249], "the raw PTS really does go backwards in this file");
        for (var i = 1; i < times.Count; i++) Assert.Equal(TimeSpan.FromMilliseconds(40), times[i] - times[i - 1]);
        Assert.True(source.TimestampDiscontinuities >= 1);
    }
}
