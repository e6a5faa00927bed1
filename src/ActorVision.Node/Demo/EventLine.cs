using System.Globalization;
using System.Text;
using ActorVision.Core.Events;

namespace ActorVision.Node.Demo;

/// <summary>One analytics event as one readable line, e.g. <c>14:20:03.412 entrance walkway LineCrossed track 17 motion 0.87 out (in 0, out 5)</c>.</summary>
public static class EventLine
{
    public static string Format(AnalyticsEvent e)
    {
        var line = new StringBuilder(96);
        line.Append(e.WallTime.ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture))
            .Append(' ').Append(e.CameraId)
            .Append(' ').Append(e.RuleId)
            .Append(' ').Append(e.EventType);
        if (e.TrackId is { } track) line.Append(" track ").Append(track.ToString(CultureInfo.InvariantCulture));
        if (e.Label is { Length: > 0 } label) line.Append(' ').Append(label);
        if (e.Confidence is { } confidence) line.Append(' ').Append(confidence.ToString("0.00", CultureInfo.InvariantCulture));
        if (e.Direction is { } direction) line.Append(' ').Append(direction.ToString().ToLowerInvariant());
        if (e.InCount is { } inCount && e.OutCount is { } outCount)
            line.Append(CultureInfo.InvariantCulture, $" (in {inCount}, out {outCount})");
        if (e.Occupancy is { } occupancy) line.Append(CultureInfo.InvariantCulture, $" occupancy {occupancy}");
        if (e.Dwell is { } dwell) line.Append(CultureInfo.InvariantCulture, $" dwell {dwell.TotalSeconds:0.0}s");
        if (e.Duration is { } duration) line.Append(CultureInfo.InvariantCulture, $" for {duration.TotalSeconds:0.0}s");
        if (e.Condition is { } condition) line.Append(' ').Append(condition);
        return line.ToString();
    }
}
