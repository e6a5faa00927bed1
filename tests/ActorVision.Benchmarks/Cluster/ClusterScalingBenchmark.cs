using System.Diagnostics;
using System.Globalization;
using ActorVision.Benchmarks.EndToEnd;
using ActorVision.Benchmarks.Harness;
using ActorVision.Tests;
using Grpc.Core;
using Grpc.Net.Client;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Benchmarks.Cluster;

/// <summary>
/// The same live cameras on one node, then on three: what a node costs with no camera (as a member of the larger cluster
/// once the cameras are removed, and alone again once the others have left) and per camera, and that the nodes added take their share of the
/// cameras (and how long that takes). Real node processes on loopback sharing a
/// PostgreSQL journal, cameras from the RTSP test server, registered through the gRPC API. On one machine the three
/// nodes share the same cores, so this cannot show throughput growing; it measures what the linear-capacity claim
/// rests on instead (per-camera cost independent of cluster size, the fixed cost of a node, the distribution).
/// Options: <c>--cameras 12 --nodes 3 --source crossing --model motion --analysis-fps 5 --analysis-width 640
/// --warmup 20 --duration 30</c>.
/// </summary>
public sealed class ClusterScalingBenchmark : IBenchmark, IReportsMarkdown
{
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(10);
    // A fresh node process spends its first seconds compiling (JIT, tiering) and forming the cluster: not its idle cost.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RebalanceTimeout = TimeSpan.FromSeconds(120);

    public string Name => "cluster-scaling";
    public string Group => "cluster";
    public string Description => "the same cameras on 1 node, then 3 node processes: per-node fixed and per-camera cost, distribution, rebalance time (--cameras, --nodes)";
    public bool OptIn => true;
    public string? Markdown { get; private set; }

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var cameras = int.Parse(context.Option("cameras", "12"), inv);
        var nodeCount = int.Parse(context.Option("nodes", "3"), inv);
        var source = LoadSource.Named(context.Option("source", "crossing"));
        var model = context.Option("model", "motion");
        var analysisFps = double.Parse(context.Option("analysis-fps", "5"), inv);
        var analysisWidth = int.Parse(context.Option("analysis-width", "640"), inv);
        var warmup = context.Scaled(TimeSpan.FromSeconds(double.Parse(context.Option("warmup", "20"), inv)));
        var duration = context.Scaled(TimeSpan.FromSeconds(double.Parse(context.Option("duration", "30"), inv)));
        if (nodeCount < 2) throw new ArgumentException("--nodes must be at least 2");
        var loadBefore = BenchmarkReport.LoadAverage();

        var work = Path.Combine(context.ScratchDirectory, "cluster");
        var clip = source.Looped(work, 2 * (warmup + duration) + 4 * Settle + 2 * IdleWindow + RebalanceTimeout + TimeSpan.FromSeconds(120));
        await using var database = await PostgresDatabase.CreateAsync();
        using var server = source.Serve(clip, cameras);
        var ports = Enumerable.Range(0, nodeCount).Select(_ => TestPorts.Next()).ToArray();
        // Every node lists all as seeds; the first one forms the cluster alone, the later ones join it.
        var hocon = $"""
            {database.Hocon}
            actorvision.node.seed-nodes = [{string.Join(", ", ports.Select(p => $"\"akka.tcp://actorvision@127.0.0.1:{p}\""))}]
            """;
        var nodes = new List<NodeProcess>();
        try
        {
            nodes.Add(await NodeProcess.StartAsync("node1", hocon, ports[0]));
            await nodes[0].WaitUntilReadyAsync(cancellationToken);
            await Task.Delay(Settle, cancellationToken);

            using var channel = GrpcChannel.ForAddress(nodes[0].GrpcAddress);
            var api = new V1.Cameras.CamerasClient(channel);
            var ids = Enumerable.Range(1, cameras).Select(i => $"cam{i}").ToArray();
            foreach (var (id, url) in ids.Zip(LoadSource.Urls(server, cameras)))
                await AddCameraAsync(api, Spec(id, url, model, analysisFps, analysisWidth), cancellationToken);
            await WaitForDistributionAsync(nodes, cameras, _ => true, TimeSpan.FromSeconds(60), "every camera running on node1", cancellationToken);
            await Task.Delay(warmup, cancellationToken);
            context.Log($"{cameras} cameras on 1 node; measuring for {duration.TotalSeconds:0} s");
            var single = await ClusterWindow.MeasureAsync(nodes, duration, analysisFps, cancellationToken);
            Log(context, single);

            context.Log($"starting {nodeCount - 1} more nodes");
            nodes.AddRange(await Task.WhenAll(Enumerable.Range(1, nodeCount - 1).Select(i => NodeProcess.StartAsync($"node{i + 1}", hocon, ports[i]))));
            var joined = Stopwatch.StartNew();
            var (low, high) = (cameras / nodeCount, (cameras + nodeCount - 1) / nodeCount);
            var spread = await WaitForDistributionAsync(nodes, cameras, counts => counts.All(c => c >= low && c <= high), RebalanceTimeout,
                $"cameras spread {low}..{high} per node", cancellationToken);
            var rebalanceSeconds = joined.Elapsed.TotalSeconds;
            context.Log($"rebalanced to {string.Join('/', spread)} in {rebalanceSeconds:0.0} s after the new nodes answered /healthz");
            // The new processes are younger than node1: give them the settling time node1 had before its cameras too.
            await Task.Delay(Settle + warmup, cancellationToken);
            context.Log($"{cameras} cameras on {nodeCount} nodes; measuring for {duration.TotalSeconds:0} s");
            var many = await ClusterWindow.MeasureAsync(nodes, duration, analysisFps, cancellationToken);
            Log(context, many);

            // A member of a larger cluster may cost more with no camera than a node alone (gossip and heartbeats to every
            // peer): measure each member idle, so the per-camera costs compare like for like.
            context.Log($"removing the cameras; measuring every node idle in the {nodeCount}-node cluster");
            foreach (var id in ids) await api.RemoveCameraAsync(new V1.CameraIdRequest { CameraId = id }, cancellationToken: cancellationToken);
            await WaitForDistributionAsync(nodes, 0, counts => counts.All(c => c == 0), TimeSpan.FromSeconds(60), "every camera removed", cancellationToken);
            await Task.Delay(Settle, cancellationToken);
            var idleMany = await ClusterWindow.MeasureAsync(nodes, IdleWindow, analysisFps, cancellationToken);
            Log(context, idleMany);

            // Node1 alone again (the others leave gracefully), measured idle now that it is as warm as in the windows
            // above: a node measured idle right after it started is still compiling and reads high.
            context.Log("the added nodes leave; measuring node1 idle alone");
            await Task.WhenAll(nodes.Skip(1).Select(n => n.TerminateAsync(TimeSpan.FromSeconds(60))));
            await Task.Delay(Settle, cancellationToken);
            var idle = (await ClusterWindow.MeasureAsync(nodes.Take(1).ToArray(), IdleWindow, analysisFps, cancellationToken))[0];
            Log(context, [idle]);

            var report = new ScalingReport(cameras, nodeCount, idle, single, idleMany, many, spread, rebalanceSeconds);
            Markdown = report.Markdown(source, model, analysisFps, analysisWidth, warmup, duration, loadBefore);
            return report.Results();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var logs = string.Join("\n", nodes.Select(n => $"--- {n.Name} ---\n" + string.Join("\n", n.Log().Split('\n').TakeLast(30))));
            throw new InvalidOperationException($"{ex.Message}\n{logs}", ex);
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
        }
    }

    private static V1.CameraSpec Spec(string id, string url, string model, double analysisFps, int analysisWidth) => new()
    {
        Id = id,
        SourceUrl = url,
        Mode = V1.SourceMode.Live,
        Models = { model },
        AnalysisFps = analysisFps,
        AnalysisWidth = analysisWidth,
        // As e2e-load: the crossing clip's box passes the middle every 5 s, one event per pass.
        Rules =
        {
            new V1.Rule
            {
                Id = "middle",
                Name = "Middle",
                LineCrossing = new V1.LineCrossingRule
                {
                    A = new V1.Point { X = 0.5f, Y = 0.05f },
                    B = new V1.Point { X = 0.5f, Y = 0.95f },
                    Direction = V1.CrossingDirection.Both,
                },
            },
        },
    };

    /// <summary>Adds and starts a camera, retrying while the API answers Unavailable (the camera region still starting).</summary>
    private static async Task AddCameraAsync(V1.Cameras.CamerasClient api, V1.CameraSpec spec, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                // Forced: the benchmark places its load on purpose, even past what a node reports it can take.
                await api.AddCameraAsync(new V1.AddCameraRequest { Spec = spec, Start = true, Force = true }, cancellationToken: cancellationToken);
                return;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    /// <summary>Waits until all <paramref name="cameras"/> run, each on one node, in counts per node that satisfy <paramref name="balanced"/>.</summary>
    private static async Task<int[]> WaitForDistributionAsync(IReadOnlyList<NodeProcess> nodes, int cameras, Func<int[], bool> balanced,
        TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        int[] counts = [];
        while (DateTime.UtcNow < deadline)
        {
            var running = await ClusterWindow.RunningPerNodeAsync(nodes);
            counts = running.Select(r => r.Length).ToArray();
            var distinct = running.SelectMany(r => r).Distinct(StringComparer.Ordinal).Count();
            if (distinct == cameras && counts.Sum() == cameras && balanced(counts)) return counts;
            await Task.Delay(250, cancellationToken);
        }
        throw new TimeoutException($"{what}: not reached within {timeout.TotalSeconds:0} s; running per node {string.Join('/', counts)}");
    }

    private static void Log(BenchmarkContext context, IEnumerable<NodeWindow> windows)
    {
        foreach (var w in windows)
            context.Log($"{w.Node}: {w.Cameras} cameras, {w.Sustained} sustained, {w.AnalysedFps:0.0} fps analysed, CPU {w.CpuCores:0.000} cores, RSS {w.ResidentMb:0} MB");
    }
}
