using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorVision.Cli.Connection;

/// <summary>Durations as operators type them: "30s", "500ms", "2m", "1h30m", or a bare number of seconds.</summary>
public static partial class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (!double.IsFinite(seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
                return false;
            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }
        var matches = Part().Matches(trimmed);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != trimmed)
            return false;
        var total = TimeSpan.Zero;
        foreach (Match m in matches)
        {
            var value = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            total += m.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                "h" => TimeSpan.FromHours(value),
                _ => TimeSpan.FromDays(value),
            };
        }
        duration = total;
        return true;
    }

    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
            return $"{(int)duration.TotalMilliseconds}ms";
        if (duration < TimeSpan.FromMinutes(1))
            return duration.TotalSeconds % 1 == 0 ? $"{(int)duration.TotalSeconds}s" : $"{duration.TotalSeconds:0.#}s";
        if (duration < TimeSpan.FromHours(1))
            return duration.Seconds == 0 ? $"{(int)duration.TotalMinutes}m" : $"{(int)duration.TotalMinutes}m{duration.Seconds}s";
        return duration.Minutes == 0 ? $"{(int)duration.TotalHours}h" : $"{(int)duration.TotalHours}h{duration.Minutes}m";
    }

    [GeneratedRegex(@"(?<value>\d+(\.\d+)?)(?<unit>ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
