using System.Globalization;
using ActorVision.Cli.Connection;

namespace ActorVision.Cli.Events;

/// <summary>
/// A --from/--to value: an ISO 8601 time ("2026-11-26T14:00:00Z"; without an offset it is UTC), "now",
/// or a duration meaning that long ago ("15m", "2h", "1d").
/// </summary>
public static class TimeBound
{
    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset time)
    {
        var trimmed = text.Trim();
        if (trimmed.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            time = now;
            return true;
        }
        if (DurationText.TryParse(trimmed, out var ago) && !trimmed.All(c => char.IsDigit(c) || c == '.'))
        {
            time = now - ago;
            return true;
        }
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}
