using ActorVision.Core.Events;
using ActorVision.Core.Imaging;
using ActorVision.Core.Rules;
using ActorVision.Core.Tests.Scenes;

namespace ActorVision.Core.Tests.Rules;

public class CameraHealthRuleTests
{
    private static readonly CameraHealthRuleSpec Health = new()
    {
        Id = "health",
        NoFramesAfter = TimeSpan.FromSeconds(10),
        FrozenAfter = TimeSpan.FromSeconds(10),
        BlackoutAfter = TimeSpan.FromSeconds(5),
    };

    private static readonly FrameStatistics Lively = new(110f, 45f, 3f, true);

    /// <summary>Feeds one statistics value per frame at 10 fps; returns the pipeline.</summary>
    private static Pipeline Feed(CameraHealthRuleSpec spec, Func<double, FrameStatistics> statisticsAt, double seconds)
    {
        var pipeline = new Pipeline([spec]);
        foreach (var time in FrameTimes.Every(0.1, seconds))
            pipeline.Step(time, [], statisticsAt(time.TotalSeconds));
        return pipeline;
    }

    private static string[] Summary(Pipeline pipeline) =>
        pipeline.Events.Select(e => e.EventType == AnalyticsEventType.CameraRecovered ? $"Recovered:{e.Condition}" : e.EventType.ToString()).ToArray();

    [Fact]
    public void Live_noisy_image_is_healthy() =>
        Assert.Empty(Feed(Health, _ => Lively, 60).Events);

    [Fact]
    public void Frozen_image_is_reported_once_then_recovery()
    {
        var pipeline = Feed(Health, t => t is >= 5 and < 30 ? Lively with { MeanAbsoluteDifference = 0f } : Lively, 40);
        Assert.Equal(["CameraFrozen", "Recovered:Frozen"], Summary(pipeline));
        // Frozen since the frame before the first repeat (4.9 s), reported 10 s later.
        Assert.Equal(TimeSpan.FromSeconds(14.9), pipeline.Events[0].StreamTime);
        Assert.Equal(TimeSpan.FromSeconds(10), pipeline.Events[0].Duration);
        Assert.Equal(TimeSpan.FromSeconds(25.1), pipeline.Events[1].Duration);
        Assert.Null(pipeline.Events[0].TrackId);
    }

    [Fact]
    public void Sudden_blackout_is_reported_and_recovers()
    {
        FrameStatistics At(double t) => t switch
        {
            < 10 => Lively,
            < 10.05 => new FrameStatistics(4f, 1f, 100f, true),
            < 20 => new FrameStatistics(4f, 1f, 0.3f, true),
            < 20.05 => Lively with { MeanAbsoluteDifference = 100f },
            _ => Lively,
        };
        var pipeline = Feed(Health, At, 30);
        Assert.Equal(["CameraBlackout", "Recovered:Blackout"], Summary(pipeline));
        Assert.Equal(TimeSpan.FromSeconds(15), pipeline.Events[0].StreamTime);
        Assert.Equal(TimeSpan.FromSeconds(10), pipeline.Events[1].Duration);
    }

    [Fact]
    public void Covered_lens_is_a_blackout_even_when_bright()
    {
        // A hand or a sticker: bright but uniform.
        FrameStatistics At(double t) => t < 10 ? Lively : new FrameStatistics(140f, 2f, t < 10.05 ? 60f : 0.2f, true);
        Assert.Equal(["CameraBlackout"], Summary(Feed(Health, At, 20)));
    }

    [Fact]
    public void Dusk_falling_slowly_is_not_a_blackout()
    {
        // Luma falls from 110 to 5 over a minute, a fraction of a level per frame.
        FrameStatistics At(double t) => new(MathF.Max(5f, 110f - (float)t * 1.75f), MathF.Max(3f, 45f - (float)t * 0.7f), 1.5f, true);
        Assert.Empty(Feed(Health, At, 120).Events);
    }

    [Fact]
    public void Dark_still_night_scene_is_not_frozen()
    {
        Assert.Empty(Feed(Health with { BlackoutAfter = null }, _ => new FrameStatistics(6f, 2f, 0.1f, true), 60).Events);
    }

    [Fact]
    public void Missing_frames_are_reported_by_the_idle_tick_and_recover_with_the_next_frame()
    {
        var pipeline = new Pipeline([Health]);
        pipeline.Step(TimeSpan.FromSeconds(1), [], Lively);
        var lastFrameWall = Pipeline.Epoch + TimeSpan.FromSeconds(1);
        pipeline.Engine.EvaluateIdle(lastFrameWall + TimeSpan.FromSeconds(5), pipeline.Events);
        Assert.Empty(pipeline.Events);
        pipeline.Engine.EvaluateIdle(lastFrameWall + TimeSpan.FromSeconds(11), pipeline.Events);
        pipeline.Engine.EvaluateIdle(lastFrameWall + TimeSpan.FromSeconds(20), pipeline.Events);
        var silence = Assert.Single(pipeline.Events);
        Assert.Equal((AnalyticsEventType.CameraNoFrames, CameraCondition.NoFrames), (silence.EventType, silence.Condition));
        Assert.Equal(lastFrameWall + TimeSpan.FromSeconds(11), silence.WallTime);
        Assert.Equal(TimeSpan.FromSeconds(11), silence.Duration);

        // The stream resumes; the camera's wall clock has moved on by 30 s.
        pipeline.Engine.Evaluate(new FrameAnalysis(1280, 720, TimeSpan.FromSeconds(1.1), lastFrameWall + TimeSpan.FromSeconds(30), Lively), [], pipeline.Events);
        Assert.Equal(["CameraNoFrames", "Recovered:NoFrames"], Summary(pipeline));
        Assert.Equal(TimeSpan.FromSeconds(30), pipeline.Events[1].Duration);
    }

    [Fact]
    public void Camera_that_never_sends_a_frame_is_reported()
    {
        var pipeline = new Pipeline([Health]);
        pipeline.Engine.EvaluateIdle(Pipeline.Epoch, pipeline.Events);
        pipeline.Engine.EvaluateIdle(Pipeline.Epoch + TimeSpan.FromSeconds(9), pipeline.Events);
        Assert.Empty(pipeline.Events);
        pipeline.Engine.EvaluateIdle(Pipeline.Epoch + TimeSpan.FromSeconds(10), pipeline.Events);
        Assert.Equal(AnalyticsEventType.CameraNoFrames, Assert.Single(pipeline.Events).EventType);
    }

    [Fact]
    public void Frames_without_statistics_only_count_as_arrivals()
    {
        var pipeline = new Pipeline([Health]);
        foreach (var time in FrameTimes.Every(0.1, 30)) pipeline.Step(time, []);
        Assert.Empty(pipeline.Events);
    }
}
