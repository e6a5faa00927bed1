namespace ActorVision.Media.Tests;

/// <summary>The pure timing rules: stream time continuity and frame-rate limiting.</summary>
public sealed class TimingTests
{
    private static StreamClock Clock() => new(1.0 / 90_000, TimeSpan.FromMilliseconds(40), TimeSpan.FromSeconds(5));

    [Fact]
    public void Stream_time_follows_the_timestamps_from_zero()
    {
        var clock = Clock();
        Assert.Equal(TimeSpan.Zero, clock.Next(900_000));
        Assert.Equal(TimeSpan.FromMilliseconds(40), clock.Next(903_600));
        Assert.Equal(TimeSpan.FromMilliseconds(120), clock.Next(910_800)); // a dropped frame is a real gap
        Assert.Equal(0, clock.Discontinuities);
    }

    [Fact]
    public void A_backward_step_continues_one_interval_after_the_last_frame()
    {
        var clock = Clock();
        clock.Next(0);
        clock.Next(3_600);
        clock.Next(7_200); // 80 ms, interval learned: 40 ms
        Assert.Equal(TimeSpan.FromMilliseconds(120), clock.Next(100)); // camera restarted its clock
        Assert.Equal(TimeSpan.FromMilliseconds(160), clock.Next(3_700));
        Assert.Equal(1, clock.Discontinuities);
    }

    [Fact]
    public void A_repeated_timestamp_still_moves_time_forward()
    {
        var clock = Clock();
        clock.Next(0);
        clock.Next(3_600);
        Assert.Equal(TimeSpan.FromMilliseconds(80), clock.Next(3_600));
    }

    [Fact]
    public void A_forward_jump_beyond_the_limit_is_rebased_but_a_smaller_gap_is_kept()
    {
        var clock = Clock();
        clock.Next(0);
        clock.Next(3_600);
        Assert.Equal(TimeSpan.FromSeconds(4.04), clock.Next(3_600 + 4 * 90_000)); // 4 s outage: real
        Assert.Equal(TimeSpan.FromSeconds(4.08), clock.Next(3_600 + 4 * 90_000 + 3600 * 25 * 3600)); // an hour: broken
        Assert.Equal(1, clock.Discontinuities);
    }

    [Fact]
    public void Missing_timestamps_advance_by_the_frame_interval()
    {
        var clock = Clock();
        clock.Next(0);
        clock.Next(3_600);
        Assert.Equal(TimeSpan.FromMilliseconds(80), clock.Next(null));
        Assert.Equal(TimeSpan.FromMilliseconds(120), clock.Next(10_800));
        Assert.Equal(0, clock.Discontinuities);
    }

    [Theory]
    [InlineData(25, 10, 40)]
    [InlineData(30, 15, 50)]
    [InlineData(25, 1, 4)]
    [InlineData(10, 25, 100)]
    public void The_rate_limiter_keeps_the_requested_share_of_frames(double sourceFps, double maxFps, int expectedPer100)
    {
        var limiter = new FrameRateLimiter(maxFps);
        var kept = 0;
        for (var i = 0; i < 100; i++)
            if (limiter.Accept(TimeSpan.FromSeconds(i / sourceFps))) kept++;
        Assert.Equal(expectedPer100, kept);
    }

    [Fact]
    public void The_rate_limiter_restarts_after_a_gap_instead_of_bursting()
    {
        var limiter = new FrameRateLimiter(5);
        Assert.True(limiter.Accept(TimeSpan.Zero));
        Assert.True(limiter.Accept(TimeSpan.FromSeconds(10)));
        Assert.False(limiter.Accept(TimeSpan.FromSeconds(10.04)));
        Assert.False(limiter.Accept(TimeSpan.FromSeconds(10.12)));
        Assert.True(limiter.Accept(TimeSpan.FromSeconds(10.2)));
    }

    [Theory]
    [InlineData(1920, 1080, 640, null, 640, 360)]
    [InlineData(1920, 1080, null, 480, 854, 480)]
    [InlineData(720, 528, 320, null, 320, 234)]
    [InlineData(720, 528, null, null, 720, 528)]
    public void Output_size_keeps_the_aspect_ratio_on_even_pixels(int sw, int sh, int? w, int? h, int ew, int eh) =>
        Assert.Equal((ew, eh), FrameSource.OutputSize(sw, sh, w, h));

    [Theory]
    [InlineData(7680, 7680, 2880, 2880)]
    [InlineData(7680, 4320, 3840, 2160)]
    [InlineData(3840, 2160, 3840, 2160)]
    [InlineData(640, 360, 640, 360)]
    public void An_output_over_the_pixel_budget_is_scaled_down_to_fit_keeping_the_aspect_on_even_pixels(int w, int h, int ew, int eh)
    {
        var fitted = FrameSource.FitWithin((w, h), 3840L * 2160);

        Assert.Equal((ew, eh), fitted);
        Assert.True((long)fitted.Width * fitted.Height <= 3840L * 2160);
        Assert.Equal((w, h), FrameSource.FitWithin((w, h), null));
    }
}
