using ActorVision.Cluster.Devices;
using ActorVision.Inference.Models;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Cluster.Contracts;

/// <summary>The model catalog and device router load as the Models API shows them.</summary>
public static class ModelMapping
{
    /// <summary>Every model of the catalog: ONNX models, then motion detectors, each by name.</summary>
    public static IReadOnlyList<V1.Model> ToProto(ModelCatalog catalog)
    {
        var models = new List<V1.Model>();
        foreach (var spec in catalog.Models.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            var model = new V1.Model
            {
                Name = spec.Name,
                Adapter = spec.Kind.ToString().ToLowerInvariant(),
                File = spec.FilePath,
                InputWidth = spec.InputWidth,
                InputHeight = spec.InputHeight,
                MaxBatch = spec.MaxBatch,
            };
            model.Classes.AddRange(spec.IncludeClasses is { Count: > 0 } include ? include : spec.ClassNames.Where(n => n.Length > 0));
            model.Providers.AddRange(spec.ExecutionProviders.Select(p => p.ToString()));
            models.Add(model);
        }
        foreach (var (name, motion) in catalog.MotionDetectors.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var model = new V1.Model { Name = name, Adapter = "motion", InputWidth = motion.ProcessingWidth, MaxBatch = 1 };
            model.Classes.Add("motion");
            models.Add(model);
        }
        return models;
    }

    public static V1.Device ToProto(DeviceLoad load, string node) => new()
    {
        Node = node,
        Device_ = load.Device,
        Provider = load.Providers.Count == 0 ? "" : string.Join(", ", load.Providers),
        Workers = load.Workers,
        QueueDepth = load.QueuedLive + load.QueuedJobs,
        InFlight = load.InFlight,
        MeanBatchSize = load.RecentBatchSize,
        LatencyMsP50 = load.LatencyP50.TotalMilliseconds,
        LatencyMsP99 = load.LatencyP99.TotalMilliseconds,
        Requests = load.Completed,
        Rejected = load.Refused,
        Failed = load.Failed,
    };
}
