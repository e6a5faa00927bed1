namespace ActorVision.Delivery;

/// <summary>How a sink's receiver is shown in logs and health: without credentials or query strings, which often carry tokens.</summary>
public static class SinkTargets
{
    public static string Describe(Uri url) =>
        url.IsAbsoluteUri ? $"{url.Scheme}://{url.Host}{(url.IsDefaultPort ? "" : ":" + url.Port)}{url.AbsolutePath}" : "(relative url)";
}
