using Akka.Configuration;

namespace ActorVision.Node.Configuration;

/// <summary>
/// The node's ports (<c>actorvision.api</c>): gRPC on one, dashboard, video, metrics and probes on the other, both
/// over TLS when a certificate is set. Who may call them is <see cref="Access.AccessSettings"/>.
/// </summary>
public sealed record ApiSettings(
    string BindAddress,
    int GrpcPort,
    int HttpPort,
    string TlsCertificate,
    string TlsCertificatePassword)
{
    public bool UsesTls => TlsCertificate.Length > 0;

    public static ApiSettings FromConfig(Config api)
    {
        var settings = new ApiSettings(
            api.GetString("bind-address", "127.0.0.1"),
            api.GetInt("grpc-port", 7070),
            api.GetInt("http-port", 8080),
            api.GetString("tls-certificate", ""),
            api.GetString("tls-certificate-password", ""));
        if (!System.Net.IPAddress.TryParse(settings.BindAddress, out _))
            throw new ConfigurationException($"actorvision.api.bind-address: '{settings.BindAddress}' is not an IP address (0.0.0.0 for every interface)");
        if (settings.GrpcPort == settings.HttpPort && settings.GrpcPort != 0)
            throw new ConfigurationException("actorvision.api: grpc-port and http-port must differ (gRPC needs HTTP/2, browsers HTTP/1.1)");
        if (settings.UsesTls && !File.Exists(settings.TlsCertificate))
            throw new ConfigurationException($"actorvision.api.tls-certificate: '{settings.TlsCertificate}' does not exist");
        return settings;
    }

    /// <summary>
    /// The Host names a node answers to unless <c>allowed-hosts</c> lists them: loopback, the addresses it binds and
    /// advertises, and the machine's name. A name a browser was tricked into resolving to the node (DNS rebinding) is
    /// none of these.
    /// </summary>
    public IEnumerable<string> DefaultHosts(params string[] nodeNames)
    {
        string[] wildcard = ["0.0.0.0", "::", "[::]", ""];
        var names = new List<string> { "localhost", "127.0.0.1", "[::1]", System.Net.Dns.GetHostName() };
        names.AddRange(nodeNames.Append(BindAddress).Where(n => !wildcard.Contains(n))
            .Select(n => n.Contains(':') && !n.StartsWith('[') ? $"[{n}]" : n));
        return names;
    }
}
