using Akka.Configuration;

namespace ActorVision.Cluster.Hosting;

public enum ClusterDiscoveryMethod
{
    /// <summary>Join the configured seed nodes (fixed addresses: compose, virtual machines, bare metal).</summary>
    SeedNodes,
    /// <summary>Find the other pods through the Kubernetes API and form or join the cluster with Akka.Management's cluster bootstrap.</summary>
    Kubernetes,
}

/// <summary>
/// How a node finds the cluster (<c>actorvision.node.discovery</c>). With <see cref="ClusterDiscoveryMethod.Kubernetes"/>
/// every node serves Akka.Management's HTTP endpoint on <see cref="ManagementPort"/>; bootstrap lists the pods that
/// match <see cref="PodLabelSelector"/>, probes their management ports, and the pod with the lowest address forms
/// the cluster once <see cref="RequiredContactPoints"/> of them answer; the rest join it.
/// </summary>
public sealed record ClusterDiscoverySettings(
    ClusterDiscoveryMethod Method,
    int ManagementPort,
    string ServiceName,
    string PodLabelSelector,
    string PodNamespace,
    string ManagementPortName,
    int RequiredContactPoints,
    TimeSpan StableMargin)
{
    public static ClusterDiscoverySettings FromConfig(Config discovery)
    {
        var methodName = discovery.GetString("method", "seed-nodes").Trim().ToLowerInvariant();
        var method = methodName switch
        {
            "seed-nodes" or "" => ClusterDiscoveryMethod.SeedNodes,
            "kubernetes" => ClusterDiscoveryMethod.Kubernetes,
            _ => throw new ConfigurationException($"actorvision.node.discovery.method: '{methodName}' is not one of seed-nodes, kubernetes"),
        };
        var kubernetes = discovery.GetConfig("kubernetes") ?? Config.Empty;
        var settings = new ClusterDiscoverySettings(
            method,
            discovery.GetInt("management-port", 8558),
            kubernetes.GetString("service-name", "actorvision"),
            kubernetes.GetString("pod-label-selector", "app={0}"),
            kubernetes.GetString("pod-namespace", ""),
            kubernetes.GetString("management-port-name", "management"),
            kubernetes.GetInt("required-contact-points", 2),
            kubernetes.GetTimeSpan("stable-margin", TimeSpan.FromSeconds(5)));
        if (settings.ManagementPort is < 0 or > 65535)
            throw new ConfigurationException($"actorvision.node.discovery.management-port: {settings.ManagementPort} is not a TCP port");
        if (settings.RequiredContactPoints < 1)
            throw new ConfigurationException("actorvision.node.discovery.kubernetes.required-contact-points must be at least 1");
        return settings;
    }
}
