using System.Globalization;
using ActorVision.Cli.Connection;
using Google.Protobuf.WellKnownTypes;

namespace ActorVision.Cli.Output;

/// <summary>Numbers and times as tables show them: invariant culture, UTC, short.</summary>
public static class Formats
{
    public static string Time(Timestamp? timestamp) =>
        timestamp is null ? "-" : timestamp.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Age(Timestamp? since, DateTimeOffset now)
    {
        if (since is null)
            return "-";
        var age = now - since.ToDateTimeOffset();
        return age < TimeSpan.Zero ? "0s" : DurationText.Format(TimeSpan.FromSeconds(Math.Floor(age.TotalSeconds)));
    }

    /// <summary>How long until <paramref name="at"/>; "0s" once it has passed.</summary>
    public static string Until(Timestamp at, DateTimeOffset now)
    {
        var left = at.ToDateTimeOffset() - now;
        return left < TimeSpan.Zero ? "0s" : DurationText.Format(TimeSpan.FromSeconds(Math.Ceiling(left.TotalSeconds)));
    }

    public static string Rate(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
    public static string Millis(double value) => value <= 0 ? "-" : value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    /// <summary>"1 camera", "3 cameras": the count and the noun in the number it needs.</summary>
    public static string Count(long value, string singular, string? plural = null) =>
        $"{Count(value)} {(value == 1 ? singular : plural ?? singular + "s")}";
    /// <summary>CPU cores, e.g. "0.42".</summary>
    public static string Cores(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
    public static string Percent(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + "%";
    public static string List(IEnumerable<string> items, string empty = "-")
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? empty : text;
    }
}
