using ActorVision.Core.Imaging;
using ActorVision.Tests;
using Xunit.Abstractions;

namespace ActorVision.Media.Tests;

/// <summary>Every kind of bad input ends in a typed <see cref="MediaException"/> (or, for damage, counted corrupt frames), never a crash or hang.</summary>
public sealed class BadInputTests(ITestOutputHelper output)
{
    private const string DamagedSample = "/usr/share/doc/opencv-doc/examples/data/Megamind_bugy.avi";

    [Fact]
    public void A_missing_file_is_not_found()
    {
        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions("/nonexistent/camera.mp4")));
        Assert.Equal(MediaErrorKind.NotFound, error.Kind);
        Assert.Contains("/nonexistent/camera.mp4", error.Message);
        Assert.False(error.IsTransient);
    }

    [Theory]
    [InlineData("notes.txt")]
    [InlineData("notes.mp4")]
    public void A_text_file_is_rejected_as_not_a_video(string name)
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.File(name);
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("This is a text file, not a video.\n", 200)));
        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(path)));
        Assert.Contains(error.Kind, new[] { MediaErrorKind.NotAVideo, MediaErrorKind.InvalidData });
    }

    [Fact]
    public void An_audio_only_file_is_not_a_video()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.File("tone.m4a");
        FFmpegTool.Ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac", path);
        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(path)));
        Assert.Equal(MediaErrorKind.NotAVideo, error.Kind);
    }

    [Fact]
    public void An_empty_file_is_invalid_data()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.File("empty.mp4");
        File.WriteAllBytes(path, []);
        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(path)));
        Assert.Equal(MediaErrorKind.InvalidData, error.Kind);
    }

    [Fact]
    public void A_recording_cut_before_its_index_is_invalid_data()
    {
        using var scratch = new ScratchDirectory();
        // Without faststart the MP4 index (moov) is at the end, as in a recording whose writer died.
        var whole = scratch.File("whole.mp4");
        FFmpegTool.Ffmpeg("-i", TestAssets.TestSource360p, "-c", "copy", whole);
        var cut = scratch.File("cut.mp4");
        var bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(cut)));
        Assert.Equal(MediaErrorKind.InvalidData, error.Kind);
    }

    [Fact]
    public void A_recording_cut_after_its_index_delivers_what_is_there_then_fails_as_truncated()
    {
        using var scratch = new ScratchDirectory();
        var cut = scratch.File("cut.mp4");
        var bytes = File.ReadAllBytes(TestAssets.TestSource360p); // faststart: index first
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        using var source = FrameSource.Open(new FrameSourceOptions(cut));
        var count = 0;
        MediaException? failure = null;
        try
        {
            while (source.ReadFrame() is { } frame)
            {
                frame.Release();
                count++;
            }
        }
        catch (MediaException ex)
        {
            failure = ex;
        }
        Assert.InRange(count, 100, 249); // about half: the file is cut in the middle
        Assert.NotNull(failure);
        Assert.Equal(MediaErrorKind.InvalidData, failure.Kind);
        Assert.Contains("ends early", failure.Message);
    }

    [Fact]
    public void OpenCVs_damaged_sample_decodes_as_far_as_ffmpeg_reads_it()
    {
        Assert.True(File.Exists(DamagedSample), "opencv-doc ships Megamind_bugy.avi (scripts/setup.sh installs it)");
        using var source = FrameSource.Open(new FrameSourceOptions(DamagedSample));
        var count = 0;
        try
        {
            while (source.ReadFrame() is { } frame)
            {
                frame.Release();
                count++;
            }
        }
        catch (MediaException ex)
        {
            output.WriteLine($"ended with {ex.Kind}: {ex.Message}");
            Assert.Contains(ex.Kind, new[] { MediaErrorKind.InvalidData, MediaErrorKind.Io });
        }
        output.WriteLine($"{count} frames, {source.FramesCorrupt} corrupt");
        // Megamind_bugy.avi breaks OpenCV's own reader; FFmpeg's decoder reads its 270 MPEG-4 frames without flagging damage.
        Assert.Equal(FFmpegTool.CountFrames(DamagedSample), count);
    }

    [Fact]
    public void Garbage_written_over_a_recording_is_counted_as_corrupt_and_the_rest_still_decodes()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.File("corrupt.mp4");
        var bytes = File.ReadAllBytes(TestAssets.TestSource360p);
        var random = new Random(1234);
        // Damage the media data (after the index at the front), in several places.
        for (var hit = 0; hit < 20; hit++)
        {
            var at = bytes.Length / 4 + random.Next(bytes.Length / 2);
            random.NextBytes(bytes.AsSpan(at, 2000));
        }
        File.WriteAllBytes(path, bytes);

        using var source = FrameSource.Open(new FrameSourceOptions(path));
        var count = 0;
        while (source.ReadFrame() is { } frame)
        {
            frame.Release();
            count++;
        }
        Assert.InRange(count, 150, 250);
        Assert.True(source.FramesCorrupt > 0, "damage must be visible in the counters");
    }

    [Fact]
    public void A_codec_without_a_decoder_is_unsupported()
    {
        using var scratch = new ScratchDirectory();
        var avi = scratch.File("h264.avi");
        FFmpegTool.Ffmpeg("-i", TestAssets.TestSource360p, "-t", "1", "-c:v", "copy", avi);
        // The same valid AVI with the video's fourcc (stream header and bitmap header) renamed to one no decoder knows.
        var bytes = File.ReadAllBytes(avi);
        var header = bytes.AsSpan(0, 4096);
        var renamed = 0;
        for (int at; (at = header.IndexOf("avc1"u8)) >= 0; renamed++) "ZZZZ"u8.CopyTo(header[at..]);
        Assert.True(renamed >= 1);
        var path = scratch.File("unknown.avi");
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(path)));
        Assert.Equal(MediaErrorKind.UnsupportedCodec, error.Kind);
        Assert.Contains("ZZZZ", error.Message);
    }

    [Fact]
    public void An_unknown_protocol_is_unsupported()
    {
        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions("nosuchproto://camera/1")));
        Assert.Equal(MediaErrorKind.UnsupportedProtocol, error.Kind);
    }

    [Theory]
    [InlineData(321, null)]
    [InlineData(null, -2)]
    public void Impossible_options_are_refused_before_opening(int? width, int? height)
    {
        var error = Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p) { OutputWidth = width, OutputHeight = height }));
        Assert.Equal(MediaErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void A_still_picture_opens_as_a_one_frame_file()
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.Astronaut));
        using var frame = source.ReadFrame()!;
        Assert.Equal((512, 512, PixelFormat.Rgb24), (frame.Width, frame.Height, frame.Format));
        Assert.Null(source.ReadFrame());
    }
}
