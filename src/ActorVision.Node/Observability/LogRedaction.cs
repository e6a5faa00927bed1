using ActorVision.Common;
using System.Text.RegularExpressions;
using ActorVision.Media;

namespace ActorVision.Node.Observability;

/// <summary>
/// <see cref="UrlRedaction.RedactInText"/> for log lines, except Akka addresses: <c>akka.tcp://actorvision@host:port</c>
/// has the shape of a URL with a user name, but the part before the @ is the actor system's name, not a secret.
/// </summary>
public static partial class LogRedaction
{
    private const string Broken = ":\u001F//";

    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains("://", StringComparison.Ordinal)) return text;
        if (!text.Contains("akka", StringComparison.Ordinal)) return UrlRedaction.RedactInText(text);
        var masked = AkkaScheme().Replace(text, "${scheme}" + Broken);
        return UrlRedaction.RedactInText(masked).Replace(Broken, "://", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?<scheme>\bakka(?:\.[a-z]+)*)://")]
    private static partial Regex AkkaScheme();
}
