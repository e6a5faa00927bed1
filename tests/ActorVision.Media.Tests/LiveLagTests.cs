namespace ActorVision.Media.Tests;

/// <summary>The pure catch-up rules of a live source (<see cref="LiveLag"/>), on simulated media and wall times.</summary>
public sealed class LiveLagTests
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(1);

    private static LiveLag Lag() => new(MaxLag, TimeSpan.FromSeconds(5));

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>Frames of a 25 fps camera with a keyframe every <paramref name="gop"/> frames, decoded at the given wall times.</summary>
    private static List<CatchUpAction> Feed(LiveLag lag, int from, int count, Func<int, TimeSpan> wall, int gop = 25)
    {
        var actions = new List<CatchUpAction>();
        for (var i = from; i < from + count; i++) actions.Add(lag.Observe(i * Frame, wall(i), i % gop == 0, rebased: false));
        return actions;
    }

    [Fact]
    public void The_burst_of_old_frames_a_server_sends_on_connect_does_not_look_behind()
    {
        var lag = Lag();
        // A whole second of frames arrives at once, then the camera's real-time pace.
        var actions = Feed(lag, 0, 25, i => Ms(i * 0.5));
        actions.AddRange(Feed(lag, 25, 100, i => Ms(12.5 + (i - 24) * 40)));
        Assert.All(actions, a => Assert.Equal(CatchUpAction.Deliver, a));
        Assert.True(lag.Lag < Ms(50));
    }

    [Fact]
    public void A_camera_clock_slower_than_the_node_by_a_hundred_ppm_never_looks_behind_in_a_day()
    {
        var lag = Lag();
        // One frame a minute of a day: wall time runs 100 ppm faster than media time.
        for (var minute = 0; minute < 24 * 60; minute++)
        {
            var media = TimeSpan.FromMinutes(minute);
            Assert.Equal(CatchUpAction.Deliver, lag.Observe(media, media * 1.0001, keyframe: true, rebased: false));
        }
    }

    [Fact]
    public void A_decoder_slower_than_the_camera_skips_to_keyframes_once_they_are_known_to_come_often()
    {
        var lag = Lag();
        Feed(lag, 0, 50, i => i * Frame); // two keyframes a second apart: the interval is known
        // Now each frame takes 60 ms to decode instead of 40: 0.5 s lost per second.
        var actions = Feed(lag, 50, 75, i => 50 * Frame + (i - 50) * Ms(60));
        Assert.Equal(CatchUpAction.Deliver, actions[0]);
        var first = actions.FindIndex(a => a != CatchUpAction.Deliver);
        Assert.Equal(CatchUpAction.SkipToKeyframe, actions[first]);
        Assert.InRange(first, 45, 55); // after about 1 s of lag: 0.02 s lost per frame
    }

    [Fact]
    public void Without_two_keyframes_close_enough_a_decoder_behind_discards_pictures_instead()
    {
        var lag = Lag();
        var actions = Feed(lag, 0, 100, i => i * Ms(60), gop: 1000); // one keyframe, then 60 ms per 40 ms frame
        Assert.Equal(CatchUpAction.Discard, actions.First(a => a != CatchUpAction.Deliver));
    }

    [Fact]
    public void Catching_up_ends_once_a_picture_is_within_the_bound_again()
    {
        var lag = Lag();
        Feed(lag, 0, 50, i => i * Frame);
        Assert.Equal(CatchUpAction.SkipToKeyframe, lag.Observe(50 * Frame, 50 * Frame + Ms(1500), keyframe: false, rebased: false));
        lag.Skipped(atKeyframe: true);
        // A keyframe read from the backlog 10 ms later: media time moved on by 0.4 s, wall time hardly: still 1.11 s behind.
        Assert.Equal(CatchUpAction.SkipToKeyframe, lag.Observe(60 * Frame, 50 * Frame + Ms(1510), keyframe: true, rebased: false));
        lag.Skipped(atKeyframe: true);
        // Once catching up it goes on to half the bound: 0.52 s behind is not yet enough, 0.32 s is.
        Assert.Equal(CatchUpAction.SkipToKeyframe, lag.Observe(75 * Frame, 50 * Frame + Ms(1520), keyframe: true, rebased: false));
        lag.Skipped(atKeyframe: true);
        Assert.Equal(CatchUpAction.Deliver, lag.Observe(80 * Frame, 50 * Frame + Ms(1520), keyframe: true, rebased: false));
        Assert.InRange(lag.Lag, Ms(310), Ms(320)); // the reference may have risen by the drift allowance
        // Back to the whole bound once delivering again.
        Assert.Equal(CatchUpAction.Deliver, lag.Observe(81 * Frame, 50 * Frame + Ms(1520) + Ms(600) + Frame, keyframe: false, rebased: false));
    }

    [Fact]
    public void A_timestamp_discontinuity_sets_the_reference_again_instead_of_looking_behind()
    {
        var lag = Lag();
        Feed(lag, 0, 50, i => i * Frame);
        // The clock re-based: media time continues one frame on although 4 s passed (a camera that restarted).
        Assert.Equal(CatchUpAction.Deliver, lag.Observe(50 * Frame, 50 * Frame + TimeSpan.FromSeconds(4), keyframe: true, rebased: true));
        Assert.Equal(TimeSpan.Zero, lag.Lag);
    }

    [Fact]
    public void A_source_that_is_itself_behind_is_followed_after_dropping_finds_nothing_newer()
    {
        var lag = Lag();
        Feed(lag, 0, 50, i => i * Frame);
        // From frame 50 on, every frame arrives 3 s late but at the camera's pace (a relay that queued): skipping to
        // the next keyframe waits for it in real time and drains nothing.
        var actions = Feed(lag, 50, 75, i => i * Frame + TimeSpan.FromSeconds(3));
        Assert.Equal(CatchUpAction.SkipToKeyframe, actions[0]);
        Assert.Equal(1, lag.SourceBehind);
        Assert.Equal(CatchUpAction.Deliver, actions[^1]);
        var firstDelivered = actions.IndexOf(CatchUpAction.Deliver);
        Assert.InRange(firstDelivered, 1, 30); // about one lag bound of frames, not all of them
    }

    [Fact]
    public void After_a_skip_that_found_no_keyframe_pictures_are_discarded_until_the_next_keyframe()
    {
        var lag = Lag();
        Feed(lag, 0, 50, i => i * Frame);
        Assert.Equal(CatchUpAction.SkipToKeyframe, lag.Observe(50 * Frame, 50 * Frame + Ms(1500), keyframe: false, rebased: false));
        lag.Skipped(atKeyframe: false);
        // Back at real time, but the pictures refer to skipped ones until a keyframe repairs them.
        Assert.Equal(CatchUpAction.Discard, lag.Observe(200 * Frame, 200 * Frame, keyframe: false, rebased: false));
        Assert.Equal(CatchUpAction.Deliver, lag.Observe(225 * Frame, 225 * Frame, keyframe: true, rebased: false));
    }

    [Fact]
    public void A_clock_expecting_a_gap_takes_a_long_forward_step_as_time_passing()
    {
        var clock = new StreamClock(1.0 / 90_000, Frame, TimeSpan.FromSeconds(5));
        clock.Next(0);
        clock.Next(3_600);
        clock.ExpectGap();
        Assert.Equal(TimeSpan.FromSeconds(8), clock.Next(720_000)); // 8 s of packets skipped
        Assert.Equal(0, clock.Discontinuities);
        Assert.Equal(Frame, clock.FrameInterval); // the gap does not become the frame interval
        Assert.Equal(TimeSpan.FromSeconds(8) + Frame, clock.Next(723_600));
        // Only the next step: a later jump is a discontinuity again.
        clock.Next(723_600 + 900_000);
        Assert.Equal(1, clock.Discontinuities);
    }
}
