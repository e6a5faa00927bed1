using System.Security.Cryptography;
using ActorVision.Tests;

namespace ActorVision.Media.Tests;

/// <summary>
/// A live source with a rate limit does not decode the non-reference pictures the limit would drop
/// (<see cref="FrameSourceOptions.SkipUnusedPictures"/>): it must deliver exactly the pictures, timestamps and pixels of a
/// source that decodes everything, while decoding fewer. The scripted crossing is x264 with B pictures (2 reordered,
/// 4 references); read as live from a file so both runs see the same packets.
/// </summary>
public sealed class UnusedPictureTests
{
    private const int Delivered = 60;
    private static readonly TimeSpan Span = TimeSpan.FromSeconds(20); // of the clip's 30

    private static (List<(long Pts, TimeSpan Time, string Pixels)> Frames, long Decoded) ReadLimited(bool skipUnused, double maxFps)
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.ScriptedCrossing)
        {
            Live = true,
            MaxFps = maxFps,
            MaxDecodeLag = null, // read faster than real time: never "behind"
            OutputWidth = 320,
            SkipUnusedPictures = skipUnused,
        });
        var frames = new List<(long, TimeSpan, string)>();
        while (frames.Count < (int)(Span.TotalSeconds * maxFps))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var frame = source.ReadFrame()!;
            for (var y = 0; y < frame.Height; y++) hash.AppendData(frame.Row(y));
            frames.Add((frame.Pts, frame.StreamTime, Convert.ToHexString(hash.GetHashAndReset())));
            frame.Release();
        }
        return (frames, source.FramesDecoded);
    }

    [Theory]
    [InlineData(5.0)]
    [InlineData(2.0)]
    [InlineData(1.0)]
    public void The_same_pictures_are_delivered_with_fewer_decoded(double maxFps)
    {
        var (all, decodedAll) = ReadLimited(skipUnused: false, maxFps);
        var (skipping, decodedSkipping) = ReadLimited(skipUnused: true, maxFps);

        Assert.Equal(all, skipping);
        Assert.True(decodedSkipping < decodedAll * 0.9, $"decoded {decodedSkipping} pictures skipping, {decodedAll} without");
    }

    [Fact]
    public void A_limit_close_to_the_frame_rate_decodes_every_picture()
    {
        // 12.5 of 25 fps: every other picture is due, so none is far enough from a due time to be skipped.
        var (all, decodedAll) = ReadLimited(skipUnused: false, 12.5);
        var (skipping, decodedSkipping) = ReadLimited(skipUnused: true, 12.5);
        Assert.Equal(all, skipping);
        Assert.Equal(decodedAll, decodedSkipping);
    }

    [Fact]
    public void Without_a_rate_limit_every_picture_is_decoded()
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.ScriptedCrossing) { Live = true, MaxDecodeLag = null, OutputWidth = 320 });
        for (var i = 0; i < Delivered; i++) source.ReadFrame()!.Release();
        Assert.Equal(Delivered, source.FramesDecoded);
    }
}
