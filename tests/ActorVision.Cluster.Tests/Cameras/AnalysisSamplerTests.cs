using ActorVision.Cluster.Cameras.Pipeline;

namespace ActorVision.Cluster.Tests.Cameras;

public sealed class AnalysisSamplerTests
{
    private static int Picked(double fps, double sourceFps, double seconds, double startSeconds = 0)
    {
        var sampler = new AnalysisSampler(fps);
        var frames = (int)(seconds * sourceFps);
        return Enumerable.Range(0, frames).Count(i => sampler.ShouldAnalyse(TimeSpan.FromSeconds(startSeconds + i / sourceFps)));
    }

    [Theory]
    [InlineData(5, 25, 10, 50)]
    [InlineData(10, 25, 10, 100)]
    [InlineData(25, 25, 10, 250)]
    [InlineData(30, 25, 10, 250)]
    [InlineData(1, 30, 60, 60)]
    [InlineData(7.5, 30, 8, 60)]
    public void Picks_the_target_rate_by_stream_time(double fps, double sourceFps, double seconds, int expected) =>
        Assert.Equal(expected, Picked(fps, sourceFps, seconds));

    [Fact]
    public void Every_frame_with_an_infinite_rate() => Assert.Equal(250, Picked(double.PositiveInfinity, 25, 10));

    [Fact]
    public void A_long_gap_does_not_cause_a_burst_to_catch_up()
    {
        var sampler = new AnalysisSampler(5);
        Assert.True(sampler.ShouldAnalyse(TimeSpan.FromSeconds(0)));
        // The camera was down for ten seconds; the next frame is analysed, the one 40 ms later is not.
        Assert.True(sampler.ShouldAnalyse(TimeSpan.FromSeconds(10)));
        Assert.False(sampler.ShouldAnalyse(TimeSpan.FromSeconds(10.04)));
        Assert.True(sampler.ShouldAnalyse(TimeSpan.FromSeconds(10.2)));
    }

    [Fact]
    public void The_same_stream_picks_the_same_frames() =>
        Assert.Equal(Picked(3, 25, 20, startSeconds: 1.23), Picked(3, 25, 20, startSeconds: 1.23));

    [Fact]
    public void A_non_positive_rate_is_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => new AnalysisSampler(0));
}
