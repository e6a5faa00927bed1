namespace ActorVision.Common.Time;

/// <summary>
/// Wall-clock times as Unix milliseconds, the form our journals, wire formats and tables store. Times in ActorVision
/// are UTC; a <see cref="DateTime"/> of unspecified kind (what a deserializer or a database driver may hand back) is
/// taken as UTC, never as local time.
/// </summary>
public static class UnixTime
{
    public static DateTime AsUtc(DateTime at) => at.Kind == DateTimeKind.Utc ? at : DateTime.SpecifyKind(at, DateTimeKind.Utc);

    public static long ToMilliseconds(DateTime at) => new DateTimeOffset(AsUtc(at)).ToUnixTimeMilliseconds();

    public static DateTime FromMilliseconds(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime;
}
