using ActorVision.Common.Time;

namespace ActorVision.Common.Tests;

public sealed class UnixTimeTests
{
    [Fact]
    public void A_utc_time_goes_to_milliseconds_and_back_unchanged()
    {
        var at = new DateTime(2026, 11, 26, 12, 0, 0, 123, DateTimeKind.Utc);
        Assert.Equal(1795694400123, UnixTime.ToMilliseconds(at));
        var back = UnixTime.FromMilliseconds(1795694400123);
        Assert.Equal(at, back);
        Assert.Equal(DateTimeKind.Utc, back.Kind);
    }

    [Fact]
    public void A_time_of_unspecified_kind_is_taken_as_utc_not_converted_from_local()
    {
        var unspecified = new DateTime(2026, 11, 26, 12, 0, 0, 123, DateTimeKind.Unspecified);
        Assert.Equal(1795694400123, UnixTime.ToMilliseconds(unspecified));
        Assert.Equal(DateTimeKind.Utc, UnixTime.AsUtc(unspecified).Kind);
        Assert.Equal(unspecified.Ticks, UnixTime.AsUtc(unspecified).Ticks);
    }
}
