using ActorVision.Cluster.Devices;
using ActorVision.Inference.Motion;

namespace ActorVision.Cluster.Cameras;

public static class ModelCatalogExtensions
{
    /// <summary>Every model a camera may name, with the class names its detections carry (what rules may filter on).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ClassNamesByModel(this ModelCatalog catalog)
    {
        var classes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, spec) in catalog.Models)
            classes[name] = spec.IncludeClasses is { Count: > 0 } included ? included : spec.ClassNames.Where(n => n.Length > 0).ToArray(); // labels files have gaps
        foreach (var name in catalog.MotionDetectors.Keys)
            classes[name] = [MotionDetector.Label];
        return classes;
    }
}
