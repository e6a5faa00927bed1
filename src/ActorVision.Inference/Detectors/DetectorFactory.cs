using ActorVision.Inference.Models;
using Microsoft.Extensions.Logging;

namespace ActorVision.Inference.Detectors;

/// <summary>Opens the detector a <see cref="ModelSpec"/> describes (session included; the caller disposes it).</summary>
public static class DetectorFactory
{
    public static OnnxDetector Create(ModelSpec spec, ILogger? logger = null) => spec.Kind switch
    {
        DetectorKind.BlazeFace => new BlazeFaceDetector(spec, logger),
        DetectorKind.YoloV5 => new YoloV5Detector(spec, logger),
        DetectorKind.YoloV8 => new YoloV8Detector(spec, logger),
        DetectorKind.Ssd => new SsdDetector(spec, logger),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "unknown detector kind"),
    };
}
