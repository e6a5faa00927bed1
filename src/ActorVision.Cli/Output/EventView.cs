using System.Globalization;
using ActorVision.Protocol.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ActorVision.Cli.Output;

/// <summary>Events as a table (query) or one line each (tail).</summary>
public static class EventView
{
    public static IRenderable Table(IReadOnlyList<AnalyticsEvent> events, bool more)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Offset", "Time", "Source", "Rule", "Type", "Track", "Label", "Conf", "Details");
        table.Columns[0].RightAligned();
        table.Columns[5].RightAligned();
        foreach (var e in events)
            table.AddRow(
                new Text(e.Offset.ToString(CultureInfo.InvariantCulture)),
                new Text(Formats.Time(e.WallTime)),
                new Text(Source(e)),
                new Text(e.RuleId),
                new Text(e.Type, TypeStyle(e.Type)),
                new Text(e.TrackId == 0 ? "-" : e.TrackId.ToString(CultureInfo.InvariantCulture)),
                new Text(e.Label.Length == 0 ? "-" : e.Label),
                new Text(e.Confidence <= 0 ? "-" : e.Confidence.ToString("0.00", CultureInfo.InvariantCulture)),
                new Text(Details(e)));
        table.Caption(more ? $"{events.Count} events (more match: raise --limit or narrow --from/--to)" : $"{events.Count} events");
        return table;
    }

    /// <summary>"2026-11-26 14:21:03Z lobby door LineCrossed track 17 person 0.91 direction=in in=12 out=3 [#1042]".</summary>
    public static IRenderable Line(AnalyticsEvent e)
    {
        var paragraph = new Paragraph();
        paragraph.Append(Formats.Time(e.WallTime), new Style(Color.Grey));
        paragraph.Append(" " + Source(e) + " " + e.RuleId + " ", Style.Plain);
        paragraph.Append(e.Type, TypeStyle(e.Type));
        var parts = new List<string>();
        if (e.HasTrackId)
            parts.Add($"track {e.TrackId.ToString(CultureInfo.InvariantCulture)}");
        if (e.Label.Length > 0)
            parts.Add(e.Label);
        if (e.HasConfidence)
            parts.Add(e.Confidence.ToString("0.00", CultureInfo.InvariantCulture));
        var details = Details(e);
        if (details.Length > 0)
            parts.Add(details);
        if (parts.Count > 0)
            paragraph.Append(" " + string.Join(' ', parts), Style.Plain);
        paragraph.Append($" [#{e.Offset.ToString(CultureInfo.InvariantCulture)}]", new Style(Color.Grey));
        return paragraph;
    }

    private static string Source(AnalyticsEvent e) =>
        e.JobId.Length > 0 ? $"job:{e.JobId}" : e.CameraId;

    private static string Details(AnalyticsEvent e)
    {
        var details = new List<string>();
        if (e.Direction != CrossingDirection.Both) details.Add("direction=" + (e.Direction == CrossingDirection.In ? "in" : "out"));
        if (e.HasInCount) details.Add("in=" + e.InCount.ToString(CultureInfo.InvariantCulture));
        if (e.HasOutCount) details.Add("out=" + e.OutCount.ToString(CultureInfo.InvariantCulture));
        if (e.HasOccupancy) details.Add("occupancy=" + e.Occupancy.ToString(CultureInfo.InvariantCulture));
        if (e.Dwell is { } dwell) details.Add("dwell=" + dwell.ToTimeSpan().TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s");
        if (e.Duration is { } duration) details.Add("for=" + duration.ToTimeSpan().TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s");
        if (e.Condition.Length > 0) details.Add("condition=" + e.Condition);
        return string.Join(' ', details);
    }

    private static Style TypeStyle(string type) =>
        type.Contains("Health", StringComparison.Ordinal) || type.Contains("Lost", StringComparison.Ordinal) || type.Contains("Frozen", StringComparison.Ordinal)
            ? new Style(Color.Red)
            : new Style(Color.Aqua);
}
