using System.Text.RegularExpressions;

namespace ActorVision.Cli.Cameras;

/// <summary>
/// Hides credentials in source and publish URLs before avctl prints them. The node already redacts its
/// replies; this is the second lock, for URLs echoed from the command line or an older node.
/// </summary>
public static partial class UrlRedaction
{
    public const string Mask = "***";

    public static string Redact(string? url)
    {
        if (string.IsNullOrEmpty(url))
            return url ?? "";
        var result = UserInfo().Replace(url, m =>
            m.Groups["pass"].Success ? $"{m.Groups["scheme"].Value}{m.Groups["user"].Value}:{Mask}@" : $"{m.Groups["scheme"].Value}{Mask}@");
        return SecretQuery().Replace(result, m => $"{m.Groups["key"].Value}={Mask}");
    }

    /// <summary>The URL with any credentials removed, to compare two URLs that differ only by redaction.</summary>
    public static string WithoutCredentials(string? url) =>
        SecretQuery().Replace(UserInfo().Replace(url ?? "", m => m.Groups["scheme"].Value), m => $"{m.Groups["key"].Value}=");

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?<user>[^:/@?#]*)(:(?<pass>[^@/?#]*))?@")]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"(?<key>(?<=[?&])(password|passwd|pwd|pass|token|key|secret|auth)[^=&#]*)=[^&#]*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretQuery();
}
