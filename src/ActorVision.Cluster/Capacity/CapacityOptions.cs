using Akka.Configuration;
using ActorVision.Domain.Capacity;

namespace ActorVision.Cluster.Capacity;

/// <summary>Everything under <c>actorvision.capacity</c> (hocon/capacity.conf).</summary>
public sealed record CapacityOptions(
    TimeSpan Interval,
    CapacitySettings Estimate,
    CameraCostModel Costs,
    bool Admission,
    TimeSpan ReportMaxAge,
    PlacementSettings Placement,
    TimeSpan RegistrationGrace)
{
    public const string ConfigPath = "actorvision.capacity";
    public const string ModelCostDefaultKey = "default";

    public static CapacityOptions Default { get; } = FromConfig(Config.Empty);

    /// <param name="capacity">The <c>actorvision.capacity</c> section.</param>
    /// <param name="defaultAnalysisWidth">What a camera that keeps its source size is assumed to analyse.</param>
    public static CapacityOptions FromConfig(Config capacity, int defaultAnalysisWidth = 640)
    {
        var defaults = CapacitySettings.Default;
        var estimate = new CapacitySettings(
            capacity.GetDouble("cores", defaults.Cores),
            capacity.GetDouble("cpu-target", defaults.CpuTarget),
            capacity.GetDouble("max-dropped-share", defaults.MaxDroppedShare),
            capacity.GetDouble("max-device-busy-share", defaults.MaxDeviceBusyShare),
            capacity.GetDouble("max-device-queue-per-worker", defaults.MaxDeviceQueuePerWorker),
            capacity.GetTimeSpan("window", defaults.Window),
            capacity.GetDouble("node-overhead-cores", defaults.NodeOverheadCores),
            capacity.GetDouble("min-due-frames-per-second", defaults.MinDueFramesPerSecond));
        var problems = estimate.Problems().ToList();

        var modelCosts = new Dictionary<string, ModelCost>(StringComparer.Ordinal);
        var defaultModel = CameraCostModel.Default.DefaultModel;
        if (capacity.GetConfig("model-cost") is { IsEmpty: false } costs)
        {
            foreach (var entry in costs.AsEnumerable())
            {
                var cost = new ModelCost(costs.GetDouble($"{entry.Key}.frame-ms", 0), costs.GetDouble($"{entry.Key}.megapixel-ms", 0));
                if (cost.FrameMs < 0 || cost.MegapixelMs < 0) problems.Add($"model-cost.{entry.Key} must not be negative");
                if (entry.Key == ModelCostDefaultKey) defaultModel = cost;
                else modelCosts[entry.Key] = cost;
            }
        }
        var baseCores = capacity.GetDouble("camera-base-cores", CameraCostModel.Default.CameraBaseCores);
        if (baseCores < 0) problems.Add("camera-base-cores must not be negative");

        var placementDefaults = PlacementSettings.Default;
        var placement = new PlacementSettings(
            capacity.GetInt("placement.max-moves-per-round", placementDefaults.MaxMovesPerRound),
            capacity.GetTimeSpan("placement.overload-cooldown", placementDefaults.OverloadCooldown),
            placementDefaults.DefaultShardCores);
        if (placement.MaxMovesPerRound < 0) problems.Add("placement.max-moves-per-round must not be negative");

        var options = new CapacityOptions(
            capacity.GetTimeSpan("interval", TimeSpan.FromSeconds(2)),
            estimate,
            new CameraCostModel(modelCosts, defaultModel, baseCores, defaultAnalysisWidth),
            capacity.GetBoolean("admission", true),
            capacity.GetTimeSpan("report-max-age", TimeSpan.FromSeconds(10)),
            placement,
            capacity.GetTimeSpan("placement.registration-grace", TimeSpan.FromSeconds(10)));
        if (options.Interval <= TimeSpan.Zero) problems.Add("interval must be positive");
        if (options.ReportMaxAge < options.Interval) problems.Add("report-max-age must be at least interval");
        if (problems.Count > 0) throw new ConfigurationException($"{ConfigPath}: {string.Join("; ", problems)}");
        return options with { Placement = placement with { DefaultShardCores = options.Costs.CoresAt(DefaultCamera(defaultAnalysisWidth), 5) } };
    }

    /// <summary>The camera a shard nothing is known about is assumed to hold: the default size, 5 fps, motion.</summary>
    private static Core.Cameras.CameraSpec DefaultCamera(int width) => new() { Id = "typical", SourceUrl = "", Models = ["motion"], AnalysisWidth = width };
}
