using Akka.Configuration;

namespace ActorVision.Cluster.Hosting;

public enum ClusterDiscoveryMethod
{
    /// <summary>Join the configured seed nodes (fixed addresses: compose, virtual machines, bare metal).</summary>
    SeedNodes,
    /// <summary>Take the seed nodes from the Kubernetes API: the running pods of the cluster (see <see cref="KubernetesSeedNodes"/>).</summary>
    Kubernetes,
}

/// <summary>
/// How a node finds the cluster (<c>actorvision.node.discovery</c>). With <see cref="ClusterDiscoveryMethod.Kubernetes"/>
/// the node lists the running pods that match <see cref="PodLabelSelector"/> through the Kubernetes API, waits until
/// at least <see cref="RequiredPods"/> are listed and the list has not changed for <see cref="StableMargin"/>, then
/// joins them as seed nodes (<see cref="PodHost"/> and the container port named <see cref="RemotingPortName"/>), ordered
/// by pod name so every node agrees which one may found the cluster. <see cref="ApiServer"/> is empty in a pod (the
/// in-cluster API server and service account token); tests point it at a stand-in.
/// </summary>
/// <param name="PodHostTemplate">How a pod is addressed: <c>{ip}</c>, or a DNS name from <c>{name}</c> and <c>{namespace}</c>
/// (a StatefulSet's stable names, which a certificate can name, so remoting TLS can check hostnames).</param>
public sealed record ClusterDiscoverySettings(
    ClusterDiscoveryMethod Method,
    string ServiceName,
    string PodLabelSelector,
    string PodNamespace,
    string RemotingPortName,
    int RequiredPods,
    TimeSpan StableMargin,
    TimeSpan PollInterval,
    string ApiServer,
    string PodHostTemplate = "{ip}")
{
    /// <summary>The host other nodes dial to reach <paramref name="pod"/>; each node's public-hostname must be this for itself.</summary>
    public string PodHost(KubernetesPod pod, string podNamespace) => PodHostTemplate
        .Replace("{ip}", pod.Ip, StringComparison.Ordinal)
        .Replace("{name}", pod.Name, StringComparison.Ordinal)
        .Replace("{namespace}", podNamespace, StringComparison.Ordinal);

    /// <summary>The label selector with <see cref="ServiceName"/> filled in, e.g. <c>app=actorvision</c>.</summary>
    public string LabelSelector => string.Format(System.Globalization.CultureInfo.InvariantCulture, PodLabelSelector, ServiceName);

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
            kubernetes.GetString("service-name", "actorvision"),
            kubernetes.GetString("pod-label-selector", "app={0}"),
            kubernetes.GetString("pod-namespace", ""),
            kubernetes.GetString("remoting-port-name", "remoting"),
            kubernetes.GetInt("required-pods", 2),
            kubernetes.GetTimeSpan("stable-margin", TimeSpan.FromSeconds(5)),
            kubernetes.GetTimeSpan("poll-interval", TimeSpan.FromSeconds(2)),
            kubernetes.GetString("api-server", ""),
            kubernetes.GetString("pod-host", "{ip}"));
        if (settings.RequiredPods < 1)
            throw new ConfigurationException("actorvision.node.discovery.kubernetes.required-pods must be at least 1");
        if (!settings.PodHostTemplate.Contains("{ip}", StringComparison.Ordinal) && !settings.PodHostTemplate.Contains("{name}", StringComparison.Ordinal))
            throw new ConfigurationException("actorvision.node.discovery.kubernetes.pod-host must name the pod: {ip}, or a DNS name with {name}");
        if (settings.PollInterval <= TimeSpan.Zero)
            throw new ConfigurationException("actorvision.node.discovery.kubernetes.poll-interval must be positive");
        return settings;
    }
}
