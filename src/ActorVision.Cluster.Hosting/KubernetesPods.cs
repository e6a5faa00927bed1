using k8s;
using k8s.Models;

namespace ActorVision.Cluster.Hosting;

/// <summary>
/// The running pods of the cluster, listed through the Kubernetes API with the settings' label selector. In a pod it
/// uses the in-cluster API server, CA and service account token (which Kubernetes rotates; the client rereads it);
/// the service account needs <c>list</c> on pods (deploy/kubernetes/rbac.yaml).
/// </summary>
public sealed class KubernetesPods : IDisposable
{
    private const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    private readonly Kubernetes _client;
    private readonly ClusterDiscoverySettings _settings;

    public KubernetesPods(ClusterDiscoverySettings settings)
    {
        _settings = settings;
        _client = new Kubernetes(settings.ApiServer.Length > 0
            ? new KubernetesClientConfiguration { Host = settings.ApiServer }
            : KubernetesClientConfiguration.InClusterConfig());
        Namespace = settings.PodNamespace.Length > 0 ? settings.PodNamespace
            : File.Exists(ServiceAccountNamespaceFile) ? File.ReadAllText(ServiceAccountNamespaceFile).Trim()
            : "default";
    }

    public string Namespace { get; }

    public async Task<IReadOnlyList<KubernetesPod>> ListAsync(CancellationToken cancellationToken)
    {
        var pods = await _client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: _settings.LabelSelector, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return Running(pods, _settings.RemotingPortName);
    }

    /// <summary>Pods that run, are not being deleted, have an IP and a container port named <paramref name="portName"/>; by name.</summary>
    public static IReadOnlyList<KubernetesPod> Running(V1PodList pods, string portName) =>
        pods.Items
            .Where(p => p.Metadata?.DeletionTimestamp is null)
            .Where(p => string.Equals(p.Status?.Phase, "Running", StringComparison.OrdinalIgnoreCase))
            .Select(p => (Pod: p, Port: p.Spec?.Containers?.SelectMany(c => c.Ports ?? []).FirstOrDefault(port => port.Name == portName)?.ContainerPort))
            .Where(p => p.Pod.Status?.PodIP is { Length: > 0 } && p.Port is not null)
            .Select(p => new KubernetesPod(p.Pod.Metadata?.Name ?? p.Pod.Status!.PodIP, p.Pod.Status!.PodIP, p.Port!.Value))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToArray();

    public void Dispose() => _client.Dispose();
}
