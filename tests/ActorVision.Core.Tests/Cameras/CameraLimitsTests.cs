using ActorVision.Core.Cameras;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;

namespace ActorVision.Core.Tests.Cameras;

/// <summary>What one camera may ask of a node: its analysis size in pixels, its rules, the classes of one rule.</summary>
public sealed class CameraLimitsTests
{
    private static readonly CameraLimits Limits = CameraLimits.Create(1920L * 1080, maxRules: 3, maxClassesPerRule: 2);

    private static CameraSpec Spec(int width = 0, int height = 0, params RuleSpec[] rules) =>
        new() { Id = "door", SourceUrl = "rtsp://cam/stream", AnalysisWidth = width, AnalysisHeight = height, Rules = rules };

    private static RuleSpec Line(string id, params string[] classes) =>
        new LineCrossingRuleSpec { Id = id, A = new PointF(0.5f, 0), B = new PointF(0.5f, 1), Classes = ClassFilter.Of(classes) };

    [Fact]
    public void A_spec_within_every_limit_passes_and_a_size_following_the_source_is_left_to_the_decoder()
    {
        Assert.Empty(Limits.Check(Spec(1920, 1080, Line("a", "person", "car"))));
        Assert.Empty(Limits.Check(Spec(7680, 0)));
        Assert.Empty(Limits.Check(Spec()));
    }

    [Fact]
    public void Each_limit_exceeded_is_named_with_its_field_and_setting()
    {
        var size = Assert.Single(Limits.Check(Spec(1922, 1080)));
        var classes = Assert.Single(Limits.Check(Spec(0, 0, Line("a"), Line("b", "person", "car", "bus"))));
        var rules = Assert.Single(Limits.Check(Spec(0, 0, Line("a"), Line("b"), Line("c"), Line("d", "x", "y", "z"))));

        Assert.Equal("analysisWidth", size.Path);
        Assert.Contains("1922x1080 is 2075760 pixels; a camera may analyse at most 2073600 (actorvision.cameras.max-analysis-pixels)", size.Message);
        Assert.Equal("rules[1].classes", classes.Path);
        Assert.Contains("actorvision.cameras.max-classes-per-rule", classes.Message);
        // Over the rule cap, the rules themselves are not looked at.
        Assert.Equal(("rules", "4 rules; a camera may have at most 3 (actorvision.cameras.max-rules)"), (rules.Path, rules.Message));
    }

    [Theory]
    [InlineData(100, 1, 1, "max-analysis-pixels must be at least 4096")]
    [InlineData(8294400, 0, 1, "max-rules must be at least 1")]
    [InlineData(8294400, 1, 0, "max-classes-per-rule must be at least 1")]
    public void Caps_that_make_no_sense_are_refused(long pixels, int rules, int classes, string expected)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CameraLimits.Create(pixels, rules, classes));
        Assert.Contains(expected, error.Message);
    }
}
