using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace ActorVision.Node.Dashboard;

// What the dashboard's browser code receives (System.Text.Json, camelCase). Plain values only: the page formats them.

public sealed record CameraRow(
    string Id,
    string Name,
    string Source,
    bool Live,
    bool Snapshots,
    string State,
    string? Reason,
    string Node,
    DateTime Since,
    double FpsIn,
    double FpsAnalysed,
    double FpsOut,
    long FramesIn,
    long FramesAnalysed,
    long FramesDropped,
    long Reconnects,
    double LatencyP50Ms,
    double LatencyP95Ms,
    long EventsTotal,
    ImmutableSortedDictionary<string, long> Counters);

public sealed record EventRow(
    long Seq,
    Guid Id,
    string Camera,
    string Rule,
    string RuleName,
    string Type,
    string? Label,
    long? TrackId,
    float? Confidence,
    DateTime Time,
    string Details,
    string? Snapshot);

public sealed record DeviceRow(
    string Node,
    string Device,
    IReadOnlyList<string> Providers,
    int QueuedLive,
    int QueuedJobs,
    int InFlight,
    int Workers,
    int BusyWorkers,
    double RecentBatchSize,
    double RecentInferenceMs,
    double LatencyP50Ms,
    double LatencyP99Ms,
    long Completed,
    long Refused,
    long Failed,
    DateTime At);

public sealed record MemberRow(string Address, IReadOnlyList<string> Roles, string Status, bool Reachable, bool Leader, bool Self,
    CapacityRow? Capacity = null);

/// <summary>A node's latest capacity report (ingest nodes); cores rounded so a push carries it only when it moved.</summary>
public sealed record CapacityRow(int Cameras, double UsedCores, double CapacityCores, double HeadroomCores, bool OverCapacity, IReadOnlyList<string> Reasons);

public sealed record ClusterView(string Self, string? Leader, IReadOnlyList<MemberRow> Members, int Unreachable);

public sealed record RegionRow(string Node, int Shards, int Entities, IReadOnlyList<ShardRow> ShardList);

public sealed record ShardRow(string Id, int Entities);

public sealed record ShardView(IReadOnlyList<RegionRow> Regions, IReadOnlyList<string> Unresponsive, DateTime At);

/// <summary>One message of the dashboard's server push: everything that changed since the client's last one.</summary>
public sealed record DashboardDelta(
    bool Reset,
    IReadOnlyList<CameraRow> Cameras,
    IReadOnlyList<string> RemovedCameras,
    IReadOnlyList<EventRow> Events,
    IReadOnlyList<DeviceRow>? Devices,
    ClusterView? Cluster,
    ShardView? Shards,
    IReadOnlyList<DashboardJob>? Jobs,
    bool JobsAvailable)
{
    [JsonIgnore]
    public bool IsEmpty => !Reset && Cameras.Count == 0 && RemovedCameras.Count == 0 && Events.Count == 0
        && Devices is null && Cluster is null && Shards is null && Jobs is null;
}
