using Akka.Configuration;

namespace ActorVision.Node.Configuration;

/// <summary>The node's HTTP endpoints (<c>actorvision.api</c>): gRPC on one port, dashboard and probes on another.</summary>
public sealed record ApiSettings(
    string BindAddress,
    int GrpcPort,
    int HttpPort,
    string ApiKey,
    string TlsCertificate,
    string TlsCertificatePassword)
{
    public bool RequiresApiKey => ApiKey.Length > 0;
    public bool UsesTls => TlsCertificate.Length > 0;

    public static ApiSettings FromConfig(Config api)
    {
        var settings = new ApiSettings(
            api.GetString("bind-address", "127.0.0.1"),
            api.GetInt("grpc-port", 7070),
            api.GetInt("http-port", 8080),
            api.GetString("api-key", ""),
            api.GetString("tls-certificate", ""),
            api.GetString("tls-certificate-password", ""));
        if (settings.GrpcPort == settings.HttpPort && settings.GrpcPort != 0)
            throw new ConfigurationException("actorvision.api: grpc-port and http-port must differ (gRPC needs HTTP/2, browsers HTTP/1.1)");
        if (settings.UsesTls && !File.Exists(settings.TlsCertificate))
            throw new ConfigurationException($"actorvision.api.tls-certificate: '{settings.TlsCertificate}' does not exist");
        return settings;
    }
}
