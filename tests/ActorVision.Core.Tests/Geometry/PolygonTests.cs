using ActorVision.Core.Geometry;

namespace ActorVision.Core.Tests.Geometry;

public class PolygonTests
{
    private static readonly Polygon Square = Polygon.Rectangle(0.2f, 0.2f, 0.6f, 0.6f);
    // An L shape: the notch at the top right is outside.
    private static readonly Polygon LShape = Polygon.Of(new(0.1f, 0.1f), new(0.4f, 0.1f), new(0.4f, 0.5f), new(0.8f, 0.5f), new(0.8f, 0.9f), new(0.1f, 0.9f));

    [Theory]
    [InlineData(0.4f, 0.4f, true)]
    [InlineData(0.21f, 0.59f, true)]
    [InlineData(0.1f, 0.4f, false)]
    [InlineData(0.7f, 0.4f, false)]
    [InlineData(0.4f, 0.61f, false)]
    public void Square_contains_what_is_inside(float x, float y, bool expected) =>
        Assert.Equal(expected, Square.Contains(new PointF(x, y)));

    [Theory]
    [InlineData(0.2f, 0.3f, true)]
    [InlineData(0.6f, 0.3f, false)]
    [InlineData(0.6f, 0.7f, true)]
    [InlineData(0.9f, 0.7f, false)]
    public void Concave_polygon_excludes_its_notch(float x, float y, bool expected) =>
        Assert.Equal(expected, LShape.Contains(new PointF(x, y)));

    [Fact]
    public void Area_is_positive_for_either_winding()
    {
        Assert.Equal(0.16f, Square.Area, 5);
        var reversed = new Polygon(Square.Points.Reverse().ToArray());
        Assert.Equal(0.16f, reversed.Area, 5);
    }

    [Fact]
    public void Equal_points_make_equal_polygons()
    {
        var again = Polygon.Rectangle(0.2f, 0.2f, 0.6f, 0.6f);
        Assert.Equal(Square, again);
        Assert.Equal(Square.GetHashCode(), again.GetHashCode());
        Assert.NotEqual(Square, Polygon.Rectangle(0.2f, 0.2f, 0.6f, 0.7f));
    }

    [Fact]
    public void Changing_the_source_list_does_not_change_the_polygon()
    {
        var points = new List<PointF> { new(0, 0), new(1, 0), new(1, 1) };
        var polygon = new Polygon(points);
        points[0] = new PointF(0.5f, 0.5f);
        Assert.Equal(new PointF(0, 0), polygon.Points[0]);
    }

    [Fact]
    public void Simple_polygons_have_no_crossing_edges()
    {
        Assert.Null(Square.FindCrossingEdges());
        Assert.Null(LShape.FindCrossingEdges());
    }

    [Fact]
    public void Bow_tie_crossing_is_found()
    {
        var bowTie = Polygon.Of(new(0.1f, 0.1f), new(0.5f, 0.5f), new(0.5f, 0.1f), new(0.1f, 0.5f));
        Assert.Equal((0, 2), bowTie.FindCrossingEdges());
    }

    [Fact]
    public void Edge_folding_back_onto_its_neighbour_is_found()
    {
        var folded = Polygon.Of(new(0.1f, 0.1f), new(0.5f, 0.1f), new(0.3f, 0.1f), new(0.3f, 0.5f));
        Assert.NotNull(folded.FindCrossingEdges());
    }

    [Fact]
    public void Corner_touching_another_edge_is_found()
    {
        // Point 4 lies on the edge from point 0 to point 1.
        var touching = Polygon.Of(new(0.1f, 0.1f), new(0.9f, 0.1f), new(0.9f, 0.9f), new(0.5f, 0.5f), new(0.5f, 0.1f), new(0.1f, 0.9f));
        Assert.NotNull(touching.FindCrossingEdges());
    }
}
