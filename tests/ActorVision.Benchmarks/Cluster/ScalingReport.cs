using System.Globalization;
using System.Text;
using ActorVision.Benchmarks.EndToEnd;
using ActorVision.Benchmarks.Harness;

namespace ActorVision.Benchmarks.Cluster;

/// <summary>The cluster-scaling measurements and what follows from them: per-camera and fixed cost per node, capacity.</summary>
/// <param name="Idle">Node1 alone with no camera: the fixed cost of a node on its own.</param>
/// <param name="Single">Node1 with every camera.</param>
/// <param name="IdleMany">Every node with no camera, in the cluster of <paramref name="Nodes"/>: the fixed cost of a member.</param>
/// <param name="Many">Every node, after the cameras spread.</param>
/// <param name="Spread">Cameras per node when the spread was first balanced.</param>
/// <param name="RebalanceSeconds">From the added nodes answering /healthz to the balanced spread, every camera running.</param>
public sealed record ScalingReport(int Cameras, int Nodes, NodeWindow Idle, IReadOnlyList<NodeWindow> Single, IReadOnlyList<NodeWindow> IdleMany, IReadOnlyList<NodeWindow> Many,
    int[] Spread, double RebalanceSeconds)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private NodeWindow One => Single[0];

    /// <summary>CPU per camera above the idle node, with every camera on one node.</summary>
    public double PerCameraOneNode => Math.Max(0, One.CpuCores - Idle.CpuCores) / Cameras;

    /// <summary>CPU per camera above the same nodes with no camera, with the cameras spread.</summary>
    public double PerCameraSpread => Math.Max(0, Many.Sum(w => w.CpuCores) - IdleMany.Sum(w => w.CpuCores)) / Cameras;

    /// <summary>The fixed cost of one member of the larger cluster (the mean of its nodes with no camera).</summary>
    public double MemberIdle => IdleMany.Average(w => w.CpuCores);

    /// <summary>Cameras one member of this machine's size carries when CPU is the limit: its cores beside its fixed cost over
    /// the cost per camera at density (the one-node figure: a node near capacity holds many cameras, as node1 did).</summary>
    public double CapacityPerNode => PerCameraOneNode > 0 ? (Environment.ProcessorCount - MemberIdle) / PerCameraOneNode : double.NaN;

    public IReadOnlyList<BenchmarkResult> Results() =>
    [
        new("cluster-scaling-idle-node-cpu", Idle.CpuCores, "cores", HigherIsBetter: false),
        new($"cluster-scaling-idle-member-cpu-{Nodes}-nodes", MemberIdle, "cores", Idle.CpuCores, HigherIsBetter: false),
        new("cluster-scaling-cpu-per-camera-1-node", PerCameraOneNode, "cores", HigherIsBetter: false),
        new($"cluster-scaling-cpu-per-camera-{Nodes}-nodes", PerCameraSpread, "cores", PerCameraOneNode, HigherIsBetter: false),
        new($"cluster-scaling-total-cpu-{Nodes}-nodes", Many.Sum(w => w.CpuCores), "cores", One.CpuCores, HigherIsBetter: false),
        new("cluster-scaling-sustained-1-node", One.Sustained, "cameras", Cameras),
        new($"cluster-scaling-sustained-{Nodes}-nodes", Many.Sum(w => w.Sustained), "cameras", Cameras),
        new("cluster-scaling-fewest-cameras-on-a-node", Spread.Min(), "cameras", (double)Cameras / Nodes),
        new("cluster-scaling-rebalance", RebalanceSeconds, "s", HigherIsBetter: false),
        new("cluster-scaling-capacity-per-node", CapacityPerNode, "cameras"),
    ];

    public string Markdown(LoadSource source, string model, double analysisFps, int analysisWidth,
        TimeSpan warmup, TimeSpan duration, string loadBefore)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"### Cluster scaling ({DateTime.Now:yyyy-MM-dd HH:mm})");
        sb.AppendLine();
        sb.AppendLine(Inv, $"Command: `./run.sh bench cluster-scaling --cameras {Cameras} --nodes {Nodes} --source {source.Name} --model {model} --analysis-fps {analysisFps} --analysis-width {analysisWidth} --warmup {warmup.TotalSeconds:0} --duration {duration.TotalSeconds:0}`");
        sb.AppendLine();
        sb.AppendLine(Inv, $"Machine: {BenchmarkReport.MachineDescription()}; load average {loadBefore} before the run, {BenchmarkReport.LoadAverage()} after it.");
        sb.AppendLine();
        sb.AppendLine(Inv, $"{Cameras} live cameras, each the {source.Description} with {model} analysed at {analysisFps} fps, {analysisWidth} px wide, and a line rule, " +
                           $"registered through node1's gRPC API. Nodes are separate processes with the shipped `hocon/`, sharing a PostgreSQL journal, " +
                           $"all on this machine's {Environment.ProcessorCount} cores. Each window: {duration.TotalSeconds:0} s after {warmup.TotalSeconds:0} s of warm-up; " +
                           $"frames from each node's `/metrics`, CPU (user + system over wall time) and resident memory from `/proc`.");
        sb.AppendLine();
        sb.AppendLine("| cluster | node | cameras | sustained | analysed fps | CPU cores | CPU per camera above the node with no camera | RSS MB |");
        sb.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        sb.AppendLine(Inv, $"| 1 node, no camera (at the end) | {Idle.Node} | 0 | - | - | {Idle.CpuCores:0.000} | - | {Idle.ResidentMb:0} |");
        Row("1 node", One, Idle);
        foreach (var window in IdleMany)
            sb.AppendLine(Inv, $"| {Nodes} nodes, no camera | {window.Node} | 0 | - | - | {window.CpuCores:0.000} | - | {window.ResidentMb:0} |");
        foreach (var window in Many) Row($"{Nodes} nodes", window, IdleMany.Single(w => w.Node == window.Node));
        sb.AppendLine(Inv, $"| {Nodes} nodes | **total** | {Many.Sum(w => w.Cameras)} | {Many.Sum(w => w.Sustained)} | {Many.Sum(w => w.AnalysedFps):0.0} | " +
                           $"{Many.Sum(w => w.CpuCores):0.000} | {PerCameraSpread:0.0000} | {Many.Sum(w => w.ResidentMb):0} |");
        sb.AppendLine();
        sb.AppendLine(Inv, $"- **Distribution**: the {Nodes - 1} added nodes took their share: {Cameras}/0/0 became {string.Join('/', Spread)} " +
                           $"{RebalanceSeconds:0.0} s after they answered `/healthz` (joining, then the shard rebalance rounds every 10 s).");
        sb.AppendLine(Inv, $"- **Per-camera cost, one node and spread**: {PerCameraOneNode:0.0000} cores per camera above the idle node with all " +
                           $"{Cameras} on one node, {PerCameraSpread:0.0000} above the idle members spread over {Nodes} " +
                           $"(ratio {(PerCameraOneNode > 0 ? PerCameraSpread / PerCameraOneNode : double.NaN):0.00}). A camera's frames never leave its node " +
                           $"(decode, the node's own device routers, tracking and rules are local); only its events (one per crossing here) go to the " +
                           $"shared journal. What can differ is density: a node with more cameras wakes its threads for more work at a time.");
        sb.AppendLine(Inv, $"- **Fixed cost of a node**: {Idle.CpuCores:0.000} cores alone with no camera; " +
                           $"{MemberIdle:0.000} cores as one of {Nodes} members (which adds gossip and heartbeats to every peer). " +
                           $"The same cameras cost {Many.Sum(w => w.CpuCores) - One.CpuCores:0.000} cores more in total on {Nodes} nodes than on one.");
        sb.AppendLine(Inv, $"- **Expected capacity**: one member on a machine like this carries about {CapacityPerNode:0} such cameras when CPU is the " +
                           $"limit (({Environment.ProcessorCount} cores - {MemberIdle:0.00}) / {PerCameraOneNode:0.0000}, the per-camera cost at density); {Nodes} nodes on {Nodes} such " +
                           $"machines about {Nodes * CapacityPerNode:0}: linear in the nodes with the `ingest` role as long as the per-camera cost " +
                           $"stays that of one node (above) and the shared journal keeps up with the events. " +
                           $"Not measured here: {Nodes} machines. On one machine the nodes share its cores, so total throughput cannot grow.");
        return sb.ToString();

        void Row(string cluster, NodeWindow w, NodeWindow idle) =>
            sb.AppendLine(Inv, $"| {cluster} | {w.Node} | {w.Cameras} | {w.Sustained} | {w.AnalysedFps:0.0} | {w.CpuCores:0.000} | " +
                               $"{(w.Cameras > 0 ? Math.Max(0, w.CpuCores - idle.CpuCores) / w.Cameras : 0):0.0000} | {w.ResidentMb:0} |");
    }
}
