using Akka.Configuration;
using ActorVision.Core.Confinement;

namespace ActorVision.Cluster.Hosting;

/// <summary>Where this node listens, which roles it plays and whom it joins (<c>actorvision.node</c>).</summary>
public sealed record NodeSettings(
    string Hostname,
    string PublicHostname,
    int Port,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> SeedNodes,
    string DataFolder,
    ClusterDiscoverySettings Discovery,
    RemoteTlsSettings Tls,
    TimeSpan ShutdownTimeout)
{
    public const string SystemName = "actorvision";

    /// <summary>Where this node may write: inside <see cref="DataFolder"/>.</summary>
    public OutputPolicy Outputs => new(DataFolder);

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.OrdinalIgnoreCase);

    /// <summary>Akka's address scheme: remoting over TLS is a different transport, so a different scheme.</summary>
    public string Protocol => Tls.Enabled ? "akka.ssl.tcp" : "akka.tcp";

    /// <summary>The address other nodes see, e.g. <c>akka.tcp://actorvision@10.0.0.5:4053</c>.</summary>
    public string SelfAddress => $"{Protocol}://{SystemName}@{(PublicHostname.Length > 0 ? PublicHostname : Hostname)}:{Port}";

    public static NodeSettings FromConfig(Config node)
    {
        var rolesCsv = node.GetString("roles-csv", "");
        var roles = rolesCsv.Length > 0 ? SplitCsv(rolesCsv) : node.GetStringList("roles").ToArray();
        var seedsCsv = node.GetString("seed-nodes-csv", "");
        var seeds = seedsCsv.Length > 0 ? SplitCsv(seedsCsv) : node.GetStringList("seed-nodes").ToArray();
        var settings = new NodeSettings(
            node.GetString("hostname", "127.0.0.1"),
            node.GetString("public-hostname", ""),
            node.GetInt("port", 4053),
            roles,
            seeds,
            Path.GetFullPath(node.GetString("data-folder", "data")),
            ClusterDiscoverySettings.FromConfig(node.GetConfig("discovery") ?? Config.Empty),
            RemoteTlsSettings.FromConfig(node.GetConfig("tls") ?? Config.Empty),
            node.GetTimeSpan("shutdown-timeout", TimeSpan.FromSeconds(60)));
        settings.Validate();
        return settings;
    }

    private void Validate()
    {
        if (Port is < 0 or > 65535) throw new ConfigurationException($"actorvision.node.port: {Port} is not a TCP port");
        var unknown = Roles.Where(r => !ActorVisionRoles.All.Contains(r, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (unknown.Length > 0)
            throw new ConfigurationException($"actorvision.node.roles: unknown role(s) {string.Join(", ", unknown)}; known: {string.Join(", ", ActorVisionRoles.All)}");
        if (ShutdownTimeout <= TimeSpan.Zero) throw new ConfigurationException("actorvision.node.shutdown-timeout must be positive");
        if (Roles.Count == 0) throw new ConfigurationException("actorvision.node.roles: a node needs at least one role");
        foreach (var seed in SeedNodes)
        {
            if (!seed.StartsWith(Protocol + "://" + SystemName + "@", StringComparison.Ordinal))
                throw new ConfigurationException(
                    $"actorvision.node.seed-nodes: '{seed}' must look like {Protocol}://{SystemName}@host:port" +
                    (Tls.Enabled ? " (remoting over TLS uses akka.ssl.tcp)" : ""));
        }
    }

    private static string[] SplitCsv(string csv) =>
        csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
