using ActorVision.Common;

namespace ActorVision.Delivery;

/// <summary>How a sink's receiver is shown in logs and health: its credentials, query values and every path segment
/// that is not a plain word are masked, since receivers often carry their secret there (Slack's and Discord's paths).</summary>
public static class SinkTargets
{
    public static string Describe(Uri url) =>
        url.IsAbsoluteUri ? UrlRedaction.RedactEndpoint(url.OriginalString) : "(relative url)";
}
