using ActorVision.Core.Cameras;
using ActorVision.Domain.Capacity;

namespace ActorVision.Domain.Tests.Capacity;

/// <summary>Specs and capacity reports for the placement and admission tests.</summary>
internal static class CapacityFixtures
{
    public static CameraCostModel Costs { get; } = new(
        new Dictionary<string, ModelCost> { ["motion"] = new(0, 10), ["face-back"] = new(0, 40), ["coco"] = new(13, 4) }, new(0, 20), 0.01, 640);

    public static CameraSpec Camera(string id, int width = 640, int height = 360, double fps = 5, SourceMode mode = SourceMode.Live, params string[] models) => new()
    {
        Id = id,
        SourceUrl = "rtsp://cameras/" + id,
        Mode = mode,
        Models = models.Length > 0 ? models : ["motion"],
        AnalysisFps = fps,
        AnalysisWidth = width,
        AnalysisHeight = height,
    };

    /// <summary>A report of a node with 2 cores at an 80% target (1.6 cores of capacity).</summary>
    public static NodeCapacity Report(string node, double used, IReadOnlyList<ShardCost>? shards = null, double calibration = 1,
        params CapacityProblem[] problems) =>
        new(node, DateTime.UnixEpoch, 2, 1.6, used, calibration, shards?.Sum(s => s.Cameras) ?? 0, 0, 0, 0,
            problems.Length > 0 ? problems : used > 1.6 ? [new CapacityProblem(CapacityProblemKind.Cpu, $"CPU {used} of 1.6 cores")] : [],
            shards ?? []);

    public static ShardCost Shard(string id, double declared, double? demand = null, int cameras = 1) => new(id, cameras, declared, demand ?? declared);

    public static RegionView Region(string node, NodeCapacity? capacity, params string[] shards) => new(node, shards, false, capacity);

    public static IReadOnlyDictionary<string, ShardCost> Known(params RegionView[] regions) =>
        regions.SelectMany(r => r.Capacity?.Shards ?? []).ToDictionary(s => s.ShardId);
}
