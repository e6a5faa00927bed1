using System.Globalization;
using System.Text;
using ActorVision.Core.Events;
using Google.Protobuf;
using ActorVision.Protocol.Mapping;

namespace ActorVision.Node.Jobs;

/// <summary>
/// A job's events as export lines: JSON lines (each the protobuf JSON of one <c>AnalyticsEvent</c>, as the events API
/// shows it) or CSV with a header and one row per event (times in seconds, box normalised).
/// </summary>
public static class JobResultsFormat
{
    public const string CsvHeader =
        "id,job_id,rule_id,rule_name,type,track_id,label,confidence,stream_time_s,wall_time,x1,y1,x2,y2,dwell_s,duration_s,direction,in_count,out_count,occupancy,condition";

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    public static string JsonLine(AnalyticsEvent e, string jobId) => Json.Format(AnalyticsEventMapping.ToProto(e, jobId: jobId));

    public static string CsvRow(AnalyticsEvent e, string jobId)
    {
        var row = new StringBuilder(256);
        Field(row, e.Id.ToString());
        Field(row, jobId);
        Field(row, e.RuleId);
        Field(row, e.RuleName);
        Field(row, e.EventType.ToString());
        Field(row, e.TrackId?.ToString(CultureInfo.InvariantCulture));
        Field(row, e.Label);
        Field(row, e.Confidence?.ToString("0.####", CultureInfo.InvariantCulture));
        Field(row, e.StreamTime.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture));
        Field(row, DateTime.SpecifyKind(e.WallTime, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture));
        Field(row, e.Box?.X1.ToString("0.#####", CultureInfo.InvariantCulture));
        Field(row, e.Box?.Y1.ToString("0.#####", CultureInfo.InvariantCulture));
        Field(row, e.Box?.X2.ToString("0.#####", CultureInfo.InvariantCulture));
        Field(row, e.Box?.Y2.ToString("0.#####", CultureInfo.InvariantCulture));
        Field(row, e.Dwell?.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture));
        Field(row, e.Duration?.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture));
        Field(row, e.Direction?.ToString());
        Field(row, e.InCount?.ToString(CultureInfo.InvariantCulture));
        Field(row, e.OutCount?.ToString(CultureInfo.InvariantCulture));
        Field(row, e.Occupancy?.ToString(CultureInfo.InvariantCulture));
        Field(row, e.Condition?.ToString(), last: true);
        return row.ToString();
    }

    private static void Field(StringBuilder row, string? value, bool last = false)
    {
        if (value is not null)
        {
            // RFC 4180: quote fields with separators, quotes or line breaks (rule names are free text).
            if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0) row.Append('"').Append(value.Replace("\"", "\"\"")).Append('"');
            else row.Append(value);
        }
        if (!last) row.Append(',');
    }
}
