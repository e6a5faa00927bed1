using Akka.Actor;
using Akka.Event;

namespace ActorVision.Cluster.Hosting;

/// <summary>
/// Joins the cluster with seed nodes taken from the Kubernetes API: once at least <c>required-pods</c> pods run (this
/// one among them) and the list has been stable for <c>stable-margin</c>, their addresses ordered by pod name become
/// the seed nodes. Akka's seed-node join then does the rest: the first pod founds the cluster only when none of the
/// others answers (a cold start), otherwise every pod, including a restarted first one, joins the running cluster.
/// </summary>
public static class KubernetesSeedNodes
{
    public static void Start(ActorSystem system, NodeSettings node)
    {
        var log = Logging.GetLogger(system, typeof(KubernetesSeedNodes));
        var stopping = new CancellationTokenSource();
        system.RegisterOnTermination(stopping.Cancel);
        _ = Task.Run(() => JoinWhenStable(system, node, log, stopping.Token));
    }

    private static async Task JoinWhenStable(ActorSystem system, NodeSettings node, ILoggingAdapter log, CancellationToken stopping)
    {
        var discovery = node.Discovery;
        KubernetesPods pods;
        try
        {
            pods = new KubernetesPods(discovery);
        }
        catch (Exception ex)
        {
            // Not in a pod (no service account mounted) and no api-server configured: this node can never join.
            log.Error(ex, "Kubernetes discovery cannot start ({0}); stopping the node", ex.Message);
            await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.UnknownReason.Instance).ConfigureAwait(false);
            return;
        }
        using var _ = pods;
        var self = Address.Parse(node.SelfAddress);
        IReadOnlyList<KubernetesPod> last = [];
        var stableSince = DateTime.UtcNow;
        log.Info("Kubernetes discovery: waiting for {0} running pods '{1}' in namespace {2}", discovery.RequiredPods, discovery.LabelSelector, pods.Namespace);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var current = await pods.ListAsync(stopping).ConfigureAwait(false);
                if (!current.SequenceEqual(last))
                {
                    last = current;
                    stableSince = DateTime.UtcNow;
                }
                else if (current.Count >= discovery.RequiredPods && DateTime.UtcNow - stableSince >= discovery.StableMargin)
                {
                    var seeds = current.Select(p => Address.Parse($"{node.Protocol}://{NodeSettings.SystemName}@{discovery.PodHost(p, pods.Namespace)}:{p.RemotingPort}")).ToArray();
                    if (seeds.Contains(self))
                    {
                        log.Info("Kubernetes discovery: joining with seed nodes {0}", string.Join(", ", seeds.Select(s => s.ToString())));
                        Akka.Cluster.Cluster.Get(system).JoinSeedNodes(seeds);
                        return;
                    }
                    log.Warning("Kubernetes discovery: this node ({0}) is not among the pods listed ({1}); is its public-hostname what pod-host makes of it?",
                        self, string.Join(", ", seeds.Select(s => s.ToString())));
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // RBAC mistakes and an unreachable API server look exactly like this: say so, and keep trying.
                log.Warning("Kubernetes discovery: listing pods '{0}' in namespace {1} failed: {2}", discovery.LabelSelector, pods.Namespace, ex.Message);
            }
            try
            {
                await Task.Delay(discovery.PollInterval, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
