using ActorVision.Core.Geometry;

namespace ActorVision.Core.Tests.Geometry;

public class LineSegmentTests
{
    // Drawn left to right across the middle of the frame.
    private static readonly LineSegment Horizontal = new(new(0.2f, 0.5f), new(0.8f, 0.5f));

    [Fact]
    public void Below_a_left_to_right_line_is_its_right_hand_side()
    {
        Assert.Equal(1, Horizontal.SideOf(new(0.5f, 0.7f)));
        Assert.Equal(-1, Horizontal.SideOf(new(0.5f, 0.3f)));
        Assert.Equal(0, Horizontal.SideOf(new(0.5f, 0.5f)));
        Assert.Equal(0.2f, Horizontal.SignedDistance(new(0.5f, 0.7f)), 5);
        Assert.Equal(-0.2f, Horizontal.SignedDistance(new(0.9f, 0.3f)), 5);
    }

    [Theory]
    [InlineData(0.5f, 0.5f)]
    [InlineData(0.2f, 0f)]
    [InlineData(0.8f, 1f)]
    [InlineData(1.1f, 1.5f)]
    [InlineData(-0.1f, -0.5f)]
    public void Crossing_position_is_the_fraction_along_the_segment(float x, float expected)
    {
        Assert.Equal(expected, Horizontal.CrossingPosition(new(x, 0.4f), new(x, 0.6f))!.Value, 5);
    }

    [Fact]
    public void Parallel_path_has_no_crossing_position() =>
        Assert.Null(Horizontal.CrossingPosition(new(0.1f, 0.4f), new(0.9f, 0.4f)));

    [Theory]
    [InlineData(0.5f, 0.4f, 0.5f, 0.6f, true)]
    [InlineData(0.9f, 0.4f, 0.9f, 0.6f, false)]
    [InlineData(0.5f, 0.5f, 0.5f, 0.9f, true)]
    [InlineData(0.7f, 0.5f, 0.9f, 0.5f, true)]
    [InlineData(0.85f, 0.5f, 0.9f, 0.5f, false)]
    [InlineData(0.5f, 0.51f, 0.6f, 0.9f, false)]
    public void Intersects_counts_touching_and_overlap(float x1, float y1, float x2, float y2, bool expected) =>
        Assert.Equal(expected, Horizontal.Intersects(new LineSegment(new(x1, y1), new(x2, y2))));

    [Theory]
    [InlineData(AnchorPoint.BottomCenter, 20f, 40f)]
    [InlineData(AnchorPoint.Center, 20f, 25f)]
    [InlineData(AnchorPoint.TopCenter, 20f, 10f)]
    [InlineData(AnchorPoint.BottomLeft, 10f, 40f)]
    [InlineData(AnchorPoint.TopRight, 30f, 10f)]
    [InlineData(AnchorPoint.CenterLeft, 10f, 25f)]
    public void Anchor_points_of_a_box(AnchorPoint anchor, float x, float y) =>
        Assert.Equal(new PointF(x, y), anchor.PointOf(new BoxF(10, 10, 30, 40)));
}
