using System.Diagnostics;
using ActorVision.Tests;
using Xunit.Abstractions;

namespace ActorVision.Media.Tests;

/// <summary>
/// A live source whose decoding falls behind real time catches up instead of queueing (<see cref="FrameSourceOptions.MaxDecodeLag"/>).
/// The slow reader pauses between reads: that pause is the scenario (a decoder slower than the camera), not a wait for
/// something to happen. Lag is measured here as the frames' media time against the wall clock, from the smallest
/// difference seen (the connection's start-up burst only lowers it).
/// </summary>
public sealed class CatchUpTests(ITestOutputHelper output)
{
    private static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(1);
    // The test server's /cam sends a keyframe every second.
    private static readonly TimeSpan Gop = TimeSpan.FromSeconds(1);
    // 10 frames a second out of 25: without catching up the reader loses 0.6 s on real time every second.
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void A_live_camera_read_too_slowly_skips_to_keyframes_and_stays_near_real_time()
    {
        using var server = RtspTestServer.Start();
        using var source = FrameSource.Open(new FrameSourceOptions(server.CameraUrl) { OutputWidth = 320, MaxDecodeLag = MaxLag });

        var lags = ReadSlowly(source, frames: 60, out var caughtUp);

        Assert.True(source.FramesBehind > 0, "the reader fell behind but nothing was skipped");
        Assert.True(source.KeyframeSkips > 0, "it never skipped to a keyframe");
        // Catching up resumes at a keyframe: no picture is decoded from missing references.
        Assert.Equal(0, source.FramesCorrupt);
        // Before its first skip a reader this slow still has the packets FFmpeg buffered while probing the stream
        // (its first frames are older than they look); from the first catching up on it stays near real time.
        Assert.InRange(caughtUp, 1, 40);
        Assert.All(lags.Skip(caughtUp), lag => Assert.True(lag < MaxLag + Gop + Pause, $"a frame {lag.TotalSeconds:0.00} s behind real time"));
        Assert.True(lags[^1] < MaxLag + Gop);
    }

    [Fact]
    public void Without_a_lag_bound_the_same_slow_reader_falls_seconds_behind()
    {
        using var server = RtspTestServer.Start();
        using var source = FrameSource.Open(new FrameSourceOptions(server.CameraUrl) { OutputWidth = 320, MaxDecodeLag = null });

        var lags = ReadSlowly(source, frames: 60, out _);

        // What the bound prevents: the packets wait in the socket and the newest frame is seconds old.
        Assert.True(lags[^1] > MaxLag + Gop + Pause, $"the last frame was only {lags[^1].TotalSeconds:0.00} s behind");
        Assert.Equal(0, source.FramesBehind);
    }

    [Fact]
    public void A_live_camera_read_as_fast_as_it_sends_never_drops_a_frame_to_catch_up()
    {
        using var server = RtspTestServer.Start();
        using var source = FrameSource.Open(new FrameSourceOptions(server.CameraUrl) { OutputWidth = 320, MaxDecodeLag = MaxLag });

        var previous = -1L;
        for (var i = 0; i < 75; i++)
        {
            using var frame = source.ReadFrame()!;
            Assert.Equal(previous + 1, frame.Sequence);
            previous = frame.Sequence;
        }

        Assert.Equal(0, source.FramesBehind);
        Assert.Equal(0, source.CatchUps);
    }

    [Fact]
    public void A_live_camera_with_keyframes_too_far_apart_catches_up_by_decoding_without_output()
    {
        using var server = RtspTestServer.Start();
        // A keyframe every 20 s: none to skip to within the catch-up keyframe interval.
        using var source = FrameSource.Open(new FrameSourceOptions(server.CameraSparseKeyframesUrl)
        {
            MaxDecodeLag = MaxLag,
            CatchUpKeyframeInterval = TimeSpan.FromSeconds(2),
        });

        var lags = ReadSlowly(source, frames: 60, out var caughtUp);

        Assert.True(source.FramesBehind > 0);
        Assert.Equal(0, source.KeyframeSkips);
        Assert.Equal(0, source.FramesCorrupt);
        // Pictures are dropped one by one, so no keyframe interval adds to the bound.
        Assert.All(lags.Skip(caughtUp), lag => Assert.True(lag < MaxLag + Pause + Pause, $"a frame {lag.TotalSeconds:0.00} s behind real time"));
    }

    [Fact]
    public void A_file_read_slowly_never_drops_a_frame_however_far_behind_its_media_time_falls()
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p) { OutputWidth = 320, MaxDecodeLag = MaxLag });
        Assert.False(source.Info.IsLive);

        // 25 frames of 40 ms read in 2.5 s: 1.5 s "behind" by a live camera's measure.
        for (var i = 0; i < 25; i++)
        {
            using var frame = source.ReadFrame()!;
            Assert.Equal(i, frame.Sequence);
            Thread.Sleep(Pause);
        }

        Assert.Equal(0, source.FramesBehind);
        Assert.Equal(0, source.CatchUps);
    }

    /// <summary>Reads <paramref name="frames"/> frames, pausing after each, and returns how far behind real time each one
    /// was; <paramref name="caughtUp"/> is the index of the first frame delivered after the source first caught up.</summary>
    private List<TimeSpan> ReadSlowly(FrameSource source, int frames, out int caughtUp)
    {
        caughtUp = frames;
        var started = Stopwatch.GetTimestamp();
        var offsets = new List<TimeSpan>(frames);
        var reference = TimeSpan.MaxValue;
        var lags = new List<TimeSpan>(frames);
        var corrupt = source.FramesCorrupt;
        for (var i = 0; i < frames; i++)
        {
            using (var frame = source.ReadFrame()!)
            {
                var offset = Stopwatch.GetElapsedTime(started) - frame.StreamTime;
                if (offset < reference) reference = offset;
                offsets.Add(offset);
            }
            if (caughtUp == frames && source.CatchUps > 0) caughtUp = i;
            Thread.Sleep(Pause);
        }
        // The reference is the smallest offset of the whole run: an early frame cannot look behind a later one.
        foreach (var offset in offsets) lags.Add(offset - reference);
        Assert.Equal(corrupt, source.FramesCorrupt);
        output.WriteLine($"{frames} frames read in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s: lag max {lags.Max().TotalSeconds:0.00} s, " +
            $"last {lags[^1].TotalSeconds:0.00} s; {source.FramesBehind} dropped behind, {source.KeyframeSkips} keyframe skips, {source.CatchUps} episodes");
        return lags;
    }
}
