using ActorVision.Inference.Models;
using Microsoft.Extensions.Logging;

namespace ActorVision.Inference.Detectors;

/// <summary>YOLO v5/v7 style: one output [N, K, 5 + C], a row per candidate: cx, cy, w, h, objectness, class scores.</summary>
public sealed class YoloV5Detector(ModelSpec spec, ILogger? logger = null) : YoloDetector(spec, logger, objectness: true)
{
    private protected override string ExpectedShape => "YOLO v5 output [N, K, 5 + C]";

    private protected override (int Candidates, int Values, int CandidateStride, int ValueStride) Layout(ReadOnlySpan<long> itemDims) =>
        ((int)itemDims[0], (int)itemDims[1], (int)itemDims[1], 1);
}
