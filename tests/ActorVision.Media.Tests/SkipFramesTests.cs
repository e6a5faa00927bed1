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

/// <summary>A live reader whose graph is busy decodes every picture but converts only those it hands on.</summary>
public sealed class PictureConversionTests
{
    private static readonly FrameSourceOptions Options = new(TestAssets.TestSource360p) { OutputWidth = 160 };

    /// <summary>Every frame of the clip as <see cref="FrameSource.ReadFrame"/> gives them: the reference.</summary>
    private static List<(long Sequence, TimeSpan Time)> PlainRead()
    {
        var frames = new List<(long, TimeSpan)>();
        using var source = FrameSource.Open(Options);
        while (source.ReadFrame() is { } frame)
        {
            frames.Add((frame.Sequence, frame.StreamTime));
            frame.Release();
        }
        return frames;
    }

    [Fact]
    public void Pictures_left_unconverted_cost_no_frame_and_the_ones_converted_equal_a_plain_read()
    {
        var plain = PlainRead();

        using var lazy = FrameSource.Open(Options);
        var converted = new List<(long Sequence, TimeSpan Time)>();
        var read = 0;
        while (lazy.ReadPicture())
        {
            // Only every tenth picture is wanted: the rest are decoded (the next depends on them) and left.
            if (read++ % 10 != 0) continue;
            var frame = lazy.ConvertPicture();
            converted.Add((frame.Sequence, frame.StreamTime));
            frame.Release();
            Assert.Throws<InvalidOperationException>(() => lazy.ConvertPicture());
        }

        Assert.Equal(plain.Count, read);
        Assert.Equal(plain.Where((_, i) => i % 10 == 0), converted);
        Assert.Equal(1, lazy.Pool.Created);
    }

    [Fact]
    public void A_held_picture_is_converted_by_whoever_takes_it_and_one_never_taken_is_replaced_by_the_next()
    {
        var plain = PlainRead().Select(f => f.Sequence).ToList();

        using var held = FrameSource.Open(Options);
        Assert.Null(held.TakeHeldPicture());
        var taken = new List<long>();
        var replaced = 0;
        var read = 0;
        while (held.ReadPicture())
        {
            if (held.HoldPicture()) replaced++;
            // The consumer, on a thread of its own, asks for every tenth picture only.
            if (++read % 10 != 0) continue;
            var frame = Task.Run(held.TakeHeldPicture).Result!;
            taken.Add(frame.Sequence);
            frame.Release();
            Assert.Null(held.TakeHeldPicture());
        }

        Assert.Equal(plain.Where((_, i) => (i + 1) % 10 == 0), taken);
        Assert.Equal(read - read / 10 - (read % 10 == 0 ? 0 : 1), replaced);
        Assert.Equal(1, held.Pool.Created);
    }
}
