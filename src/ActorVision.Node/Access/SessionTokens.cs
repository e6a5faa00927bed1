using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ActorVision.Node.Access;

/// <summary>
/// The dashboard's session cookie: <c>role.name.expires.mac</c>, an HMAC-SHA256 over the rest with a key derived from
/// the node's keys (<see cref="AccessKeys.SessionSigningKey"/>). Nothing is stored on the node, so any node of the
/// cluster with the same keys accepts it, and it cannot be stretched past its expiry or raised to another role.
/// </summary>
public sealed class SessionTokens(byte[] signingKey, TimeProvider clock)
{
    public const string CookieName = "av_session";

    public string Issue(Caller caller, TimeSpan lifetime)
    {
        var expires = clock.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var body = $"{Role(caller.Role)}.{caller.Name}.{expires.ToString(CultureInfo.InvariantCulture)}";
        return body + "." + Base64Url.EncodeToString(Mac(body));
    }

    /// <summary>The caller a token stands for; null when it is malformed, forged or expired.</summary>
    public Caller? Verify(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512) return null;
        var lastDot = token.LastIndexOf('.');
        if (lastDot <= 0) return null;
        var body = token[..lastDot];
        byte[] mac;
        try
        {
            mac = Base64Url.DecodeFromChars(token.AsSpan(lastDot + 1));
        }
        catch (FormatException)
        {
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(body))) return null;
        var parts = body.Split('.');
        if (parts.Length != 3 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)) return null;
        if (clock.GetUtcNow().ToUnixTimeSeconds() >= expires) return null;
        AccessRole? role = parts[0] switch { "admin" => AccessRole.Admin, "viewer" => AccessRole.Viewer, _ => null };
        return role is null ? null : new Caller(parts[1], role.Value);
    }

    private byte[] Mac(string body) => HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(body));

    private static string Role(AccessRole role) => role == AccessRole.Admin ? "admin" : "viewer";
}
