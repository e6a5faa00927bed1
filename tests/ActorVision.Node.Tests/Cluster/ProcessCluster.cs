using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using ActorVision.Cluster.Cameras.Client;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Node.Tests.Cluster;

/// <summary>
/// A cluster of real node processes on loopback sharing one PostgreSQL database, an RTSP test server for their
/// cameras, and an observer: an in-process node with only the <c>api</c> role (a camera region proxy, no cameras)
/// that registers cameras and asks them where they run, as the API does.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private ProcessCluster(PostgresDatabase database, RtspTestServer cameras, IReadOnlyList<NodeProcess> nodes, TestNode observer, string hocon)
    {
        Database = database;
        Cameras = cameras;
        Nodes = nodes;
        Observer = observer;
        Hocon = hocon;
    }

    public PostgresDatabase Database { get; }
    public RtspTestServer Cameras { get; }
    public IReadOnlyList<NodeProcess> Nodes { get; }
    public TestNode Observer { get; }

    /// <summary>The configuration every node got (persistence, seed nodes, the test's additions).</summary>
    public string Hocon { get; }

    /// <summary>
    /// Capacity limits no node of a test reaches: only declared costs place cameras, so the load a busy test machine
    /// puts on a node (dropped frames, the CPU of the processes beside it) never counts as over capacity and moves them.
    /// </summary>
    public const string DeclaredCostsOnly = """
        actorvision.capacity { cpu-target = 1.0, max-dropped-share = 1.0, max-device-busy-share = 1.0, max-device-queue-per-worker = 1000 }
        """;

    /// <summary>Starts <paramref name="nodeCount"/> node processes with every role, all of them seed nodes, and the observer.</summary>
    public static async Task<ProcessCluster> StartAsync(int nodeCount, string extraHocon = "")
    {
        var database = await PostgresDatabase.CreateAsync();
        var cameras = RtspTestServer.Start(("crossing", TestAssets.ScriptedCrossing));
        var ports = Enumerable.Range(0, nodeCount).Select(_ => TestPorts.Next()).ToArray();
        var seeds = string.Join(", ", ports.Select(p => $"\"akka.tcp://actorvision@127.0.0.1:{p}\""));
        var hocon = $"""
            {database.Hocon}
            actorvision.node.seed-nodes = [{seeds}]
            {extraHocon}
            """;
        var nodes = new List<NodeProcess>();
        try
        {
            nodes.AddRange(await Task.WhenAll(ports.Select((port, i) => NodeProcess.StartAsync($"node{i + 1}", hocon, port))));
            var observer = await TestNode.StartAsync(hocon + "\nactorvision.node.roles = [api]");
            return new ProcessCluster(database, cameras, nodes, observer, hocon);
        }
        catch
        {
            foreach (var node in nodes) node.Dispose();
            cameras.Dispose();
            await database.DisposeAsync();
            throw;
        }
    }

    public NodeProcess NodeAt(string address) => Nodes.Single(n => n.Address == address);

    /// <summary>Members the observer sees as Up (itself included).</summary>
    public IReadOnlyList<Member> UpMembers() =>
        Akka.Cluster.Cluster.Get(Observer.System).State.Members.Where(m => m.Status == MemberStatus.Up).ToArray();

    /// <summary>
    /// Waits until the shard coordinator knows <paramref name="count"/> camera regions. Members are Up before their
    /// regions have registered with the coordinator, and until then every new shard goes to the regions it knows:
    /// cameras registered at that moment all start on one node and only move at a later rebalance.
    /// </summary>
    public async Task WaitForCameraRegionsAsync(int count, TimeSpan deadline)
    {
        var region = await Observer.CameraRegionAsync();
        var timeout = TimeSpan.FromSeconds(2);
        await Eventually.GetAsync(async () =>
        {
            try
            {
                return (await region.Ask<ClusterShardingStats>(new GetClusterShardingStats(timeout), timeout + TimeSpan.FromSeconds(1))).Regions.Count;
            }
            catch (AskTimeoutException)
            {
                return 0;
            }
        }, n => n >= count, deadline, "camera regions registered", n => $"{n} of {count} camera regions registered with the coordinator\n{Logs()}");
    }

    /// <summary>A camera client on the observer, as the API uses it (retries through failover until <paramref name="deadline"/>).</summary>
    public async Task<CameraClient> ClientAsync(TimeSpan? deadline = null)
    {
        var settings = CameraClientSettings.Default;
        if (deadline is { } d) settings = settings with { Deadline = d, AskTimeout = d < settings.AskTimeout ? d : settings.AskTimeout };
        return new CameraClient(await Observer.CameraRegionAsync(), settings);
    }

    /// <summary>Asks a camera where it runs; a camera that does not answer within <paramref name="timeout"/> is reported unanswered.</summary>
    public async Task<CameraPlacement> LocateAsync(string cameraId, TimeSpan timeout)
    {
        var client = await ClientAsync(timeout);
        try
        {
            var view = await client.GetAsync(cameraId);
            return new CameraPlacement(cameraId, view.Status.Node, view.Status.State, view.Status.Since, view.Status.EventsTotal);
        }
        catch (CameraUnavailableException)
        {
            return new CameraPlacement(cameraId, "", null, default, 0);
        }
    }

    public async Task<IReadOnlyList<CameraPlacement>> LocateAllAsync(IEnumerable<string> cameraIds) =>
        await Task.WhenAll(cameraIds.Select(id => LocateAsync(id, TimeSpan.FromSeconds(2))));

    /// <summary>Sends a command through a camera client that keeps retrying for <paramref name="deadline"/> (the cluster may still be forming).</summary>
    public async Task<CameraView> SendAsync(ICameraCommand command, TimeSpan deadline) =>
        await (await ClientAsync(deadline)).SendAsync(command);

    /// <summary>The last lines of every node's log, for failure messages.</summary>
    public string Logs(int lines = 40) => string.Join("\n", Nodes.Select(n =>
        $"--- {n.Name} ({n.Address}) ---\n" + string.Join("\n", n.Log().Split('\n').TakeLast(lines))));

    public async ValueTask DisposeAsync()
    {
        await Observer.DisposeAsync();
        foreach (var node in Nodes) node.Dispose();
        Cameras.Dispose();
        await Database.DisposeAsync();
    }
}
