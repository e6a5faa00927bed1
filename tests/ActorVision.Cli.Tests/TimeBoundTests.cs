using ActorVision.Cli.Events;

namespace ActorVision.Cli.Tests;

public class TimeBoundTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-26T09:30:00Z", "2026-11-26T09:30:00+00:00")]
    [InlineData("2026-11-26T09:30:00+02:00", "2026-11-26T07:30:00+00:00")]
    [InlineData("2026-11-26 09:30", "2026-11-26T09:30:00+00:00")]
    [InlineData("15m", "2026-11-26T13:45:00+00:00")]
    [InlineData("2h", "2026-11-26T12:00:00+00:00")]
    [InlineData("1d", "2026-11-25T14:00:00+00:00")]
    [InlineData("now", "2026-11-26T14:00:00+00:00")]
    public void Times_and_ages_parse(string text, string expected)
    {
        Assert.True(TimeBound.TryParse(text, Now, out var time));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("15")]
    [InlineData("")]
    public void Ambiguous_or_unknown_forms_do_not(string text) =>
        Assert.False(TimeBound.TryParse(text, Now, out _));
}
