using ActorVision.Core.Cameras;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Media.Overlay;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// Draws what a camera sees onto its annotated output: the rules' zones and lines, then every confirmed track with
/// its id and class. Geometry is normalised; the canvas transform maps it onto the picture. Not thread-safe (it
/// reuses a label buffer): the encoder and the snapshot writer each have their own.
/// </summary>
public sealed class CameraOverlay
{
    private static readonly Rgb[] TrackColors = [Rgb.Green, Rgb.Cyan, Rgb.Yellow, Rgb.Magenta, Rgb.Orange, Rgb.Blue];
    private readonly Func<IReadOnlyList<RuleSpec>> _rules;
    private readonly char[] _label = new char[64];

    public CameraOverlay(Func<IReadOnlyList<RuleSpec>> rules) => _rules = rules;

    /// <summary>Static-friendly entry for <c>FrameSink.Write</c>: no closure per frame.</summary>
    public static void Draw(Canvas canvas, (CameraOverlay Overlay, OverlaySnapshot Snapshot, int Width, int Height) state) =>
        state.Overlay.Draw(canvas, state.Snapshot, state.Width, state.Height);

    public void Draw(Canvas canvas, OverlaySnapshot snapshot, int frameWidth, int frameHeight)
    {
        // Frame pixels -> picture pixels is whatever transform the sink set; normalised -> frame pixels on top.
        var sx = canvas.ScaleX * frameWidth;
        var sy = canvas.ScaleY * frameHeight;
        canvas.SetTransform(sx, sy, canvas.OffsetX, canvas.OffsetY);
        var thickness = Math.Max(1, (int)MathF.Round(canvas.Height / 240f));
        foreach (var rule in _rules()) DrawRule(canvas, rule, thickness);
        foreach (var track in snapshot.Tracks)
        {
            var color = TrackColors[(int)(track.Id % TrackColors.Length)];
            canvas.DrawDetection(track.Box, FormatLabel(track), color, thickness);
        }
    }

    private static void DrawRule(Canvas canvas, RuleSpec rule, int thickness)
    {
        switch (rule)
        {
            case LineCrossingRuleSpec line:
                canvas.DrawLine(line.A, line.B, Rgb.Red, thickness + 1);
                canvas.DrawLabel(line.A.X, line.A.Y, rule.DisplayName, Rgb.Red);
                break;
            case ZoneRuleSpec zone:
                DrawArea(canvas, zone.Polygon, rule, Rgb.Blue, thickness);
                break;
            case LoiteringRuleSpec loitering:
                DrawArea(canvas, loitering.Polygon, rule, Rgb.Orange, thickness);
                break;
            case OccupancyRuleSpec occupancy:
                DrawArea(canvas, occupancy.Polygon, rule, Rgb.Magenta, thickness);
                break;
            case StationaryObjectRuleSpec { Polygon: { } area }:
                DrawArea(canvas, area, rule, Rgb.Yellow, thickness);
                break;
        }
    }

    private static void DrawArea(Canvas canvas, Polygon polygon, RuleSpec rule, Rgb color, int thickness)
    {
        Span<PointF> points = stackalloc PointF[Math.Min(polygon.Count, 64)];
        for (var i = 0; i < points.Length; i++) points[i] = polygon.Points[i];
        canvas.DrawPolygon(points, color, thickness, fill: color, fillAlpha: 40);
        canvas.DrawLabel(points[0].X, points[0].Y, rule.DisplayName, color);
    }

    private ReadOnlySpan<char> FormatLabel(TrackBox track)
    {
        var span = _label.AsSpan();
        var written = 0;
        track.Label.AsSpan(0, Math.Min(track.Label.Length, 40)).CopyTo(span);
        written += Math.Min(track.Label.Length, 40);
        span[written++] = ' ';
        span[written++] = '#';
        track.Id.TryFormat(span[written..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        return span[..(written + digits)];
    }
}
