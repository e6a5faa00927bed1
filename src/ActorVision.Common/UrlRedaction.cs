using System.Text.RegularExpressions;

namespace ActorVision.Common;

/// <summary>
/// Removes credentials from URLs before they reach logs, errors, metrics or the API:
/// <c>rtsp://admin:secret@cam/stream?token=x</c> becomes <c>rtsp://***@cam/stream?token=***</c>.
/// </summary>
public static partial class UrlRedaction
{
    public static string Redact(string url)
    {
        if (string.IsNullOrEmpty(url)) return url;
        var redacted = UserInfo().Replace(url, "${scheme}***@", 1);
        return SecretQuery().Replace(redacted, "${key}=***");
    }

    /// <summary>Redacts every URL inside free text (FFmpeg log lines, exception messages).</summary>
    public static string RedactInText(string text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains("://", StringComparison.Ordinal)) return text;
        return SecretQuery().Replace(UserInfoInText().Replace(text, "${scheme}***@"), "${key}=***");
    }

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/@?#]*@")]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^/@?#\s]*@")]
    private static partial Regex UserInfoInText();

    [GeneratedRegex(@"(?<key>[?&;](?:password|passwd|pwd|pass|token|access_token|auth|key|secret|signature|sig))=[^&;#\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretQuery();
}
