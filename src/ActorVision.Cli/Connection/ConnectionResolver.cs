using ActorVision.Cli.Errors;

namespace ActorVision.Cli.Connection;

/// <summary>Resolves the node address, API key and timeout: command-line option, then environment, then default.</summary>
public static partial class ConnectionResolver
{
    public const string AddressVariable = "AV_ADDRESS";
    public const string ApiKeyVariable = "AV_API_KEY";
    public const string CaFileVariable = "AV_CA_FILE";
    public const int DefaultPort = 7070;
    public const string DefaultAddressText = "http://127.0.0.1:7070";
    public static readonly Uri DefaultAddress = new(DefaultAddressText);
    /// <summary>Longer than a failover (about 15 s after a node dies), so retried calls ride it out.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static ConnectionSettings Resolve(string? address, string? apiKey, TimeSpan? timeout, Func<string, string?> environment, string? caFile = null)
    {
        var ca = NonEmpty(caFile) ?? NonEmpty(environment(CaFileVariable));
        if (ca is not null && !File.Exists(ca))
            throw new UsageException($"{(NonEmpty(caFile) is not null ? "--ca-file" : CaFileVariable)} '{ca}' does not exist");
        var addressText = NonEmpty(address) ?? NonEmpty(environment(AddressVariable));
        var source = NonEmpty(address) is not null ? "--address" : AddressVariable;
        var resolved = addressText is null ? DefaultAddress : ParseAddress(addressText, source);
        var key = NonEmpty(apiKey) ?? NonEmpty(environment(ApiKeyVariable));
        var effectiveTimeout = timeout ?? DefaultTimeout;
        if (effectiveTimeout <= TimeSpan.Zero)
            throw new UsageException("--timeout must be greater than zero");
        return new ConnectionSettings(resolved, key, effectiveTimeout, ca);
    }

    /// <summary>Accepts a full http(s) URL, or host[:port] meaning plain HTTP/2 on the default gRPC port.</summary>
    public static Uri ParseAddress(string text, string source)
    {
        var trimmed = text.Trim();
        if (!trimmed.Contains("://", StringComparison.Ordinal))
            trimmed = "http://" + trimmed;
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            throw new UsageException($"{source} '{text}' is not a node address (expected http://host:port or https://host:port)");
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            throw new UsageException($"{source} '{text}' must use http:// or https://, not {uri.Scheme}://");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            throw new UsageException($"{source} must not carry credentials: use --api-key or {ApiKeyVariable}");
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
            throw new UsageException($"{source} '{text}' must not have a path: the gRPC API is served at the root");
        // No port written at all means the gRPC default, not 80/443: "http://node1" is a node, not a web site.
        var authority = trimmed[(trimmed.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
        if (!ExplicitPort().IsMatch(authority))
            uri = new UriBuilder(uri) { Port = DefaultPort }.Uri;
        return uri;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@":\d+$")]
    private static partial System.Text.RegularExpressions.Regex ExplicitPort();

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
