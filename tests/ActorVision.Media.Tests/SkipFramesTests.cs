using ActorVision.Tests;

namespace ActorVision.Media.Tests;

/// <summary>A resumed job skips to its checkpoint: the frames after the skip must be those of a run that read every frame.</summary>
public sealed class SkipFramesTests
{
    private static List<(long Sequence, long Pts, TimeSpan Time, byte[] Pixels)> ReadAll(FrameSource source)
    {
        var frames = new List<(long, long, TimeSpan, byte[])>();
        while (source.ReadFrame() is { } frame)
        {
            // Row by row: the padding at the end of each row is not picture and may hold anything.
            var pixels = new List<byte>();
            for (var y = 0; y < frame.Height; y++) pixels.AddRange(frame.Row(y).ToArray());
            frames.Add((frame.Sequence, frame.Pts, frame.StreamTime, pixels.ToArray()));
            frame.Release();
        }
        return frames;
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(null, 37)]
    [InlineData(null, 249)]
    [InlineData(10.0, 101)] // with a rate limit: the limiter's schedule advances over skipped frames too
    public void Frames_after_a_skip_equal_those_of_a_full_read(double? maxFps, int skip)
    {
        var options = new FrameSourceOptions(TestAssets.TestSource360p) { OutputWidth = 160, MaxFps = maxFps };
        List<(long Sequence, long Pts, TimeSpan Time, byte[] Pixels)> full;
        using (var source = FrameSource.Open(options)) full = ReadAll(source);

        using var resumed = FrameSource.Open(options);
        Assert.Equal(skip, resumed.SkipFrames(skip));
        var rest = ReadAll(resumed);

        var expected = full.Where(f => f.Sequence >= skip).ToList();
        Assert.Equal(expected.Count, rest.Count);
        for (var i = 0; i < rest.Count; i++)
        {
            Assert.Equal(expected[i].Sequence, rest[i].Sequence);
            Assert.Equal(expected[i].Pts, rest[i].Pts);
            Assert.Equal(expected[i].Time, rest[i].Time);
            Assert.Equal(expected[i].Pixels, rest[i].Pixels);
        }
        Assert.Equal(250, resumed.FramesDecoded);
    }

    [Fact]
    public void Skipping_past_the_end_stops_at_the_end()
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p) { OutputWidth = 160 });
        Assert.Equal(250, source.SkipFrames(long.MaxValue));
        Assert.Null(source.ReadFrame());
    }

    [Fact]
    public void An_interrupted_source_refuses_to_skip()
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p) { OutputWidth = 160 });
        source.Interrupt();
        Assert.Equal(MediaErrorKind.Interrupted, Assert.Throws<MediaException>(() => source.SkipFrames(10)).Kind);
    }
}
