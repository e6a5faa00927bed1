using ActorVision.Inference.Models;
using Microsoft.Extensions.Logging;

namespace ActorVision.Inference.Detectors;

/// <summary>
/// YOLO v8/v11 style: one output [N, 4 + C, K], channel-major: row j holds value j (cx, cy, w, h, then class
/// scores) of every candidate. No objectness.
/// </summary>
public sealed class YoloV8Detector(ModelSpec spec, ILogger? logger = null) : YoloDetector(spec, logger, objectness: false)
{
    private protected override string ExpectedShape => "YOLO v8 output [N, 4 + C, K]";

    private protected override (int Candidates, int Values, int CandidateStride, int ValueStride) Layout(ReadOnlySpan<long> itemDims) =>
        ((int)itemDims[1], (int)itemDims[0], 1, (int)itemDims[1]);
}
