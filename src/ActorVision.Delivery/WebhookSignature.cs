using System.Security.Cryptography;
using System.Text;

namespace ActorVision.Delivery;

/// <summary>
/// The signature of a webhook request: <c>X-ActorVision-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 with the
/// sink's secret of <c>&lt;timestamp&gt;.&lt;body&gt;</c>, where the timestamp is the <c>X-ActorVision-Timestamp</c>
/// header (Unix seconds). Signing the timestamp lets a receiver refuse old requests replayed by someone who captured
/// them; see docs/delivery.md for how to verify.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-ActorVision-Signature";
    public const string TimestampHeader = "X-ActorVision-Timestamp";
    public const string EventIdHeader = "X-ActorVision-Event-Id";
    public const string OffsetHeader = "X-ActorVision-Offset";
    public const string Scheme = "sha256=";

    /// <summary>The value of the signature header for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>
    /// What a receiver does: the signature matches (compared in constant time) and the timestamp is within
    /// <paramref name="tolerance"/> of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var timestamp)) return false;
        if (signatureHeader is null || !signatureHeader.StartsWith(Scheme, StringComparison.Ordinal)) return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        var actual = Encoding.ASCII.GetBytes(signatureHeader);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
