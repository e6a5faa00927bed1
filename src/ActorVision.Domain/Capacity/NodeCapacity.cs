namespace ActorVision.Domain.Capacity;

/// <summary>
/// One node's load and headroom as it measured them, published to every node (the dashboard, <c>avctl cluster show</c>,
/// admission of new cameras and the shard allocation strategy read it). Plain values: it crosses nodes as JSON.
/// </summary>
/// <param name="Node">Cluster address of the node.</param>
/// <param name="Cores">Cores the node may use.</param>
/// <param name="CapacityCores">Cores it may use before it is over capacity (cores x cpu-target).</param>
/// <param name="UsedCores">CPU the process used, smoothed over the window.</param>
/// <param name="CoresPerDeclared">Measured CPU of the cameras over their declared cost: how this node scales declared costs.</param>
/// <param name="Cameras">Cameras running (or starting, or reconnecting) on the node.</param>
/// <param name="DroppedShare">Share of the frames due for analysis that were dropped, live cameras together.</param>
/// <param name="DeviceBusyShare">Share of the time the busiest device had every worker busy.</param>
/// <param name="DeviceQueue">Live requests waiting per worker on the busiest device, on average.</param>
/// <param name="Problems">Why the node is over capacity; empty when it is not.</param>
/// <param name="Shards">The camera shards on the node and what their cameras cost.</param>
public sealed record NodeCapacity(
    string Node,
    DateTime At,
    double Cores,
    double CapacityCores,
    double UsedCores,
    double CoresPerDeclared,
    int Cameras,
    double DroppedShare,
    double DeviceBusyShare,
    double DeviceQueue,
    IReadOnlyList<CapacityProblem> Problems,
    IReadOnlyList<ShardCost> Shards)
{
    public bool OverCapacity => Problems.Count > 0;

    /// <summary>Cores left before the node is over capacity; negative when it is over on CPU.</summary>
    public double HeadroomCores => CapacityCores - UsedCores;

    /// <summary>Used over capacity: 1 is full.</summary>
    public double Load => CapacityCores > 0 ? UsedCores / CapacityCores : 1;

    /// <summary>Cores a new camera may take here: none on a node over capacity for any reason.</summary>
    public double AvailableCores => OverCapacity ? 0 : Math.Max(0, HeadroomCores);

    /// <summary>What a camera declared to cost <paramref name="declaredCores"/> is expected to cost on this node.</summary>
    public double Scaled(double declaredCores) => declaredCores * CoresPerDeclared;

    /// <summary>The reasons in one line, e.g. "CPU 1.82 of 1.60 cores; 12% of due frames dropped".</summary>
    public string Why => string.Join("; ", Problems.Select(p => p.Text));
}

/// <summary>Why a node is over capacity: a kind for metrics and alerts, and the numbers in words.</summary>
public sealed record CapacityProblem(CapacityProblemKind Kind, string Text);

public enum CapacityProblemKind
{
    /// <summary>The process uses more CPU than the node's capacity.</summary>
    Cpu,
    /// <summary>Live cameras drop more of their frames due for analysis than allowed.</summary>
    Drops,
    /// <summary>A device's workers are all busy more of the time than allowed.</summary>
    DeviceBusy,
    /// <summary>Live requests queue on a device beyond the limit.</summary>
    DeviceQueue,
}

/// <summary>
/// The cameras of one shard on a node (running or not) and their cost: <paramref name="DeclaredCores"/> from their specs (stable, what
/// placement balances), <paramref name="DemandCores"/> scaled by the node's measurement (what moving them frees).
/// </summary>
public sealed record ShardCost(string ShardId, int Cameras, double DeclaredCores, double DemandCores);
