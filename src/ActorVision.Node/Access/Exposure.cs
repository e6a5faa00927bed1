using System.Net;
using Akka.Configuration;

namespace ActorVision.Node.Access;

/// <summary>
/// Whether a node may start as configured: reachable from the network, its API needs keys and its remoting needs TLS,
/// unless <c>actorvision.insecure = on</c> says this is a lab. Returns what to tell the operator at start (loudly when
/// insecure); throws when the node must not start.
/// </summary>
public static class Exposure
{
    public static IReadOnlyList<(LogLevel Level, string Message)> Check(
        string apiBindAddress, AccessKeys keys, bool apiTls, string remotingHostname, bool remotingTls, bool insecure)
    {
        var notes = new List<(LogLevel, string)>();
        var apiExposed = !IsLoopback(apiBindAddress);
        if (keys.IsEmpty && apiExposed)
        {
            if (!insecure)
                throw new ConfigurationException(
                    $"actorvision.api.bind-address {apiBindAddress} is reachable from the network and no API key is set: set actorvision.api.api-key " +
                    "(AV_API_KEY) or api-key-file, and viewer-key for read-only users; or insecure = on (AV_INSECURE) for a lab. See docs/security.md");
            notes.Add((LogLevel.Critical, $"INSECURE: no API keys and the API listens on {apiBindAddress}: anyone who reaches this node can watch every camera and change or remove cameras, jobs and cluster members"));
        }
        else if (keys.IsEmpty)
        {
            notes.Add((LogLevel.Warning, "no API keys: every caller on this machine is an admin (the API listens on loopback only); set actorvision.api.api-key before it leaves loopback"));
        }
        else if (apiExposed && !apiTls)
        {
            notes.Add((LogLevel.Warning, $"the API listens on {apiBindAddress} without TLS: keys and dashboard sessions cross the network in cleartext; set actorvision.api.tls-certificate"));
        }

        if (!remotingTls && !IsLoopback(remotingHostname))
        {
            if (!insecure)
                throw new ConfigurationException(
                    $"actorvision.node.hostname {remotingHostname} accepts cluster connections from the network without TLS: anyone who reaches port " +
                    "4053 could join the cluster. Turn on actorvision.node.tls (AV_REMOTE_TLS) with a cluster CA, or insecure = on (AV_INSECURE) for a lab. See docs/security.md");
            notes.Add((LogLevel.Critical, $"INSECURE: remoting listens on {remotingHostname} without TLS: anyone who reaches it can join the cluster"));
        }
        return notes;
    }

    public static bool IsLoopback(string host) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var address) ? IPAddress.IsLoopback(address) : string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);
}
