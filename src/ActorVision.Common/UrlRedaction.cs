using System.Text;

namespace ActorVision.Common;

/// <summary>
/// Removes secrets from URLs before they reach logs, errors, metrics, the API, the dashboard or avctl's output. URLs
/// are parsed the way FFmpeg parses them (<see cref="MediaUrl"/>), so the user info is what FFmpeg would send:
/// <c>rtsp://admin:p@ss@cam/live?token=x</c> becomes <c>rtsp://***@cam/live?token=***</c>. The one implementation
/// for the node and avctl.
/// </summary>
public static class UrlRedaction
{
    public const string Mask = "***";

    // Query and fragment keys whose values are secrets, compared without case, '-', '_' and '.'
    // (api_key, X-Amz-Signature, access_token, ...): exact names, and endings that name a secret.
    private static readonly HashSet<string> SecretKeys = new(StringComparer.Ordinal)
    {
        "pass", "pw", "pwd", "passwd", "password", "auth", "authorization", "sig", "jwt", "code", "session", "sessionid", "otp",
    };
    private static readonly string[] SecretKeyEndings = ["token", "secret", "password", "passwd", "signature", "key", "credential", "credentials"];

    /// <summary>
    /// The URL with its user info and secret-looking query and fragment values replaced by <see cref="Mask"/>. Paths and
    /// anything that is not a URL are returned unchanged.
    /// </summary>
    public static string Redact(string? url)
    {
        if (string.IsNullOrEmpty(url)) return url ?? "";
        // concat:rtsp://user:pw@a|... and friends: no authority of their own, but URLs inside.
        return MediaUrl.Parse(url).HasAuthority ? Rewrite(url, Mask, Mask) : RedactInText(url);
    }

    /// <summary>
    /// How a delivery target (webhook, broker) is shown: a receiver's path and query often are its secret (Slack's
    /// <c>/services/T…/B…/token</c>, Discord's <c>/api/webhooks/id/token</c>, <c>?code=</c>), so besides the user
    /// info every query value is masked, the fragment dropped, and every path segment that is not a short plain word
    /// (<c>hooks</c>, <c>api</c>, <c>v2</c>) becomes <see cref="Mask"/>.
    /// </summary>
    public static string RedactEndpoint(string? url)
    {
        if (string.IsNullOrEmpty(url)) return "";
        var parsed = MediaUrl.Parse(url);
        if (!parsed.HasAuthority) return Mask;
        var builder = new StringBuilder(url.Length);
        builder.Append(parsed.Scheme).Append("://");
        if (parsed.HasUserInfo) builder.Append(Mask).Append('@');
        builder.Append(parsed.Host.Contains(':') ? $"[{parsed.Host}]" : parsed.Host);
        if (parsed.Port.Length > 0) builder.Append(':').Append(parsed.Port);
        foreach (var segment in parsed.Path.Split('/').Skip(1))
            builder.Append('/').Append(IsPlainWord(segment) ? segment : Mask);
        if (parsed.Query is { } query) builder.Append('?').Append(MaskValues(query, _ => true, Mask));
        return builder.ToString();
    }

    /// <summary>The URL without its user info and with secret values emptied: two URLs that differ only by redaction compare equal.</summary>
    public static string WithoutCredentials(string? url) => url is null ? "" : Rewrite(url, null, "");

    /// <summary>Redacts every URL inside free text (FFmpeg log lines, exception messages). Akka addresses
    /// (<c>akka.tcp://actorvision@host:port</c>) keep the part before the @: it is the actor system's name.</summary>
    public static string RedactInText(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var marker = text.IndexOf("://", StringComparison.Ordinal);
        if (marker < 0) return text;
        var builder = new StringBuilder(text.Length);
        var copied = 0;
        while (marker >= 0)
        {
            var start = marker;
            while (start > 0 && IsSchemeCharacter(text[start - 1])) start--;
            while (start < marker && !char.IsAsciiLetter(text[start])) start++; // a scheme starts with a letter
            var end = marker + 3;
            while (end < text.Length && !EndsUrl(text[end])) end++;
            // Punctuation of the sentence around the URL ("failed for rtsp://cam/s: 401") is not part of it.
            while (end > marker + 3 && text[end - 1] is ':' or ',' or '.' or ';' or ')' or ']') end--;
            if (start < marker && start >= copied)
            {
                builder.Append(text, copied, start - copied);
                var url = text[start..end];
                builder.Append(url.StartsWith("akka", StringComparison.OrdinalIgnoreCase) ? Rewrite(url, userInfoMask: "", Mask) : Redact(url));
                copied = end;
            }
            marker = end < text.Length ? text.IndexOf("://", end, StringComparison.Ordinal) : -1;
        }
        builder.Append(text, copied, text.Length - copied);
        return builder.ToString();
    }

    /// <param name="userInfoMask">What replaces the user info: null drops it with its @; empty keeps it as it is.</param>
    private static string Rewrite(string url, string? userInfoMask, string valueMask)
    {
        if (url.Length == 0) return url;
        var parsed = MediaUrl.Parse(url);
        if (!parsed.HasAuthority) return url;
        var afterScheme = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var userInfoEnd = UserInfoEnd(url, afterScheme, parsed);
        var builder = new StringBuilder(url.Length);
        builder.Append(url, 0, afterScheme);
        var rest = url;
        if (userInfoEnd >= 0)
        {
            if (userInfoMask is null) { }
            else if (userInfoMask.Length == 0) builder.Append(url, afterScheme, userInfoEnd + 1 - afterScheme);
            else builder.Append(userInfoMask).Append('@');
            rest = url[(userInfoEnd + 1)..];
        }
        else
        {
            rest = url[afterScheme..];
        }
        // Query and fragment of what follows the user info, masked key by key.
        var question = rest.IndexOf('?');
        var hash = rest.IndexOf('#');
        var queryStart = question >= 0 && (hash < 0 || question < hash) ? question : -1;
        if (queryStart < 0 && hash < 0) return builder.Append(rest).ToString();
        var head = queryStart >= 0 ? queryStart : hash;
        builder.Append(rest, 0, head);
        if (queryStart >= 0)
        {
            var queryEnd = hash > queryStart ? hash : rest.Length;
            builder.Append('?').Append(MaskValues(rest[(queryStart + 1)..queryEnd], IsSecretKey, valueMask));
            if (hash > queryStart) builder.Append('#').Append(MaskValues(rest[(hash + 1)..], IsSecretKey, valueMask));
        }
        else
        {
            builder.Append('#').Append(MaskValues(rest[(hash + 1)..], IsSecretKey, valueMask));
        }
        return builder.ToString();
    }

    /// <summary>
    /// Where the user info ends (the index of its @), or -1. FFmpeg's split first; but when the '@' comes after a
    /// '/', '?' or '#' and what FFmpeg would call the authority is no host[:port] (<c>rtsp://admin:pa/ss@cam</c>: host
    /// "admin", port "pa"), the password itself holds such a character, unencoded: the user info then runs to the
    /// last '@' before the next '/'. Hiding too much of a malformed URL is better than showing a password.
    /// </summary>
    private static int UserInfoEnd(string url, int afterScheme, MediaUrl parsed)
    {
        if (parsed.HasUserInfo) return afterScheme + parsed.UserInfo.Length;
        var firstAt = url.IndexOf('@', afterScheme);
        if (firstAt < 0 || (parsed.HasValidPort && parsed.Host.Length > 0 && parsed.Host.All(IsHostCharacter))) return -1;
        var nextSlash = url.IndexOf('/', firstAt);
        if (nextSlash < 0) nextSlash = url.Length;
        return url.LastIndexOf('@', nextSlash - 1, nextSlash - afterScheme);
    }

    private static string MaskValues(string query, Func<string, bool> secret, string mask)
    {
        var builder = new StringBuilder(query.Length);
        var start = 0;
        while (start <= query.Length)
        {
            var end = query.IndexOfAny(['&', ';'], start);
            if (end < 0) end = query.Length;
            var part = query[start..end];
            var equals = part.IndexOf('=');
            if (equals >= 0 && secret(part[..equals])) builder.Append(part, 0, equals + 1).Append(mask);
            else builder.Append(part);
            if (end < query.Length) builder.Append(query[end]);
            start = end + 1;
        }
        return builder.ToString();
    }

    private static bool IsSecretKey(string key)
    {
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(key);
        }
        catch (UriFormatException)
        {
            decoded = key;
        }
        var normalized = new string(decoded.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return SecretKeys.Contains(normalized) || SecretKeyEndings.Any(e => normalized.EndsWith(e, StringComparison.Ordinal));
    }

    private static bool IsPlainWord(string segment) =>
        segment.Length == 0
        || (segment.Length <= 16 && char.IsAsciiLetter(segment[0]) && segment.All(c => char.IsAsciiLetter(c) || c is '-' or '_' or '.'))
        || (segment.Length <= 4 && segment[0] == 'v' && segment.Skip(1).All(char.IsAsciiDigit) && segment.Length > 1);

    private static bool IsSchemeCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.';

    private static bool IsHostCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or ':' or '%';

    private static bool EndsUrl(char c) => char.IsWhiteSpace(c) || c is '"' or '\'' or '<' or '>' or '`' or '\\';
}
