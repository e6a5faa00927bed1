using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Capacity;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Hosting;
using ActorVision.Cluster.Storage;

namespace ActorVision.Node.Observability;

/// <summary>
/// Whether this node should get traffic (Kubernetes' readiness probe): it is an Up member of the cluster, the
/// journal and snapshot store answer a real query, and its device routers have loaded their models (nodes with the
/// inference role). Low disk space or a node over capacity (ingest role) makes it degraded, not unready
/// (<see cref="ReadinessReport.Degraded"/>): taking it out of service would not take its cameras off it. Liveness
/// (<c>/healthz</c>) is separate: a node that is not ready yet is still alive.
/// </summary>
public sealed class ReadinessCheck(IServiceProvider services, ActorVisionSettings settings)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<ReadinessReport> CheckAsync()
    {
        if (SystemOrNull() is not { } system)
            return new ReadinessReport(false, [new ReadinessItem("actor-system", false, "the actor system is starting")]);

        var persistence = PersistenceAsync(system);
        var routers = RoutersAsync(system);
        var checks = new List<ReadinessItem> { Membership(system), await persistence.ConfigureAwait(false) };
        if (settings.Node.HasRole(ActorVisionRoles.Inference)) checks.Add(await routers.ConfigureAwait(false));
        checks.Add(Disk(system));
        if (settings.Node.HasRole(ActorVisionRoles.Ingest)) checks.Add(Capacity(system));
        return new ReadinessReport(checks.All(c => c.Ok), checks);
    }

    private ActorSystem? SystemOrNull()
    {
        try
        {
            return services.GetService<ActorSystem>();
        }
        catch (Exception ex) when (ex is InvalidOperationException or NullReferenceException)
        {
            return null; // Akka.Hosting has not created it yet
        }
    }

    private static ReadinessItem Membership(ActorSystem system)
    {
        var self = Akka.Cluster.Cluster.Get(system).SelfMember;
        return self.Status == MemberStatus.Up
            ? new ReadinessItem("cluster", true, $"{self.Address} is up")
            : new ReadinessItem("cluster", false, $"{self.Address} is {NodeObservations.StatusName(self.Status)}, not up");
    }

    /// <summary>Low disk space degrades the node (snapshots and recordings paused) without taking it out of service.</summary>
    private static ReadinessItem Disk(ActorSystem system)
    {
        var storage = NodeStorage.Get(system).Current;
        if (storage.WritesPaused) return new ReadinessItem("disk", true, storage.Reason!, Degraded: true);
        return storage.Space.TotalBytes > 0
            ? new ReadinessItem("disk", true, $"{storage.Space} on {storage.Folder}")
            : new ReadinessItem("disk", true, "not measured yet");
    }

    private static ReadinessItem Capacity(ActorSystem system)
    {
        if (ClusterCapacity.Get(system).Local?.Capacity is not { } capacity)
            return new ReadinessItem("capacity", true, "not measured yet");
        if (capacity.OverCapacity)
            return new ReadinessItem("capacity", true, "over capacity: " + capacity.Why, Degraded: true);
        return new ReadinessItem("capacity", true, string.Create(CultureInfo.InvariantCulture,
            $"{capacity.UsedCores:0.00} of {capacity.CapacityCores:0.00} cores used, {capacity.Cameras} cameras"));
    }

    private static async Task<ReadinessItem> PersistenceAsync(ActorSystem system)
    {
        var result = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(PersistenceProbe.Props(result, Timeout));
        var failure = await result.Task.ConfigureAwait(false);
        // The failure names hosts, users and driver messages: it goes to the log (PersistenceProbe), not to /ready.
        return failure is null
            ? new ReadinessItem("persistence", true, "journal and snapshot store answered")
            : new ReadinessItem("persistence", false, "database unreachable");
    }

    private static async Task<ReadinessItem> RoutersAsync(ActorSystem system)
    {
        if (!ActorRegistry.For(system).TryGet<NodeDevices>(out var devices))
            return new ReadinessItem("devices", false, "the device routers have not started");
        try
        {
            var local = (await devices.Ask<LocalDevices>(GetLocalDevices.Instance, Timeout).ConfigureAwait(false)).Devices;
            if (local.Count == 0) return new ReadinessItem("devices", false, "this node has no inference device");
            var answers = await Task.WhenAll(local.Select(d => d.Router.Ask<DeviceReady>(WaitUntilReady.Instance, Timeout))).ConfigureAwait(false);
            var unavailable = answers.SelectMany(a => a.Unavailable.Select(u => $"{u.Key} on {a.Device}: {u.Value}")).ToArray();
            var detail = string.Join(", ", answers.Select(a => a.Device)) + " ready"
                + (unavailable.Length > 0 ? "; unavailable models: " + string.Join("; ", unavailable) : "");
            return new ReadinessItem("devices", true, detail);
        }
        catch (AskTimeoutException)
        {
            return new ReadinessItem("devices", false, $"device routers still loading their models after {Timeout.TotalSeconds:0} s");
        }
    }
}
