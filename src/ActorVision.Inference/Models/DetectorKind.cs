namespace ActorVision.Inference.Models;

/// <summary>Which decoder turns a model's output tensors into detections.</summary>
public enum DetectorKind
{
    /// <summary>MediaPipe BlazeFace: anchor regressors + logits, weighted NMS, six keypoints.</summary>
    BlazeFace,
    /// <summary>One output [N, K, 5 + C]: cx, cy, w, h (input pixels), objectness, class scores.</summary>
    YoloV5,
    /// <summary>One output [N, 4 + C, K]: cx, cy, w, h (input pixels), class scores; no objectness (v8, v11).</summary>
    YoloV8,
    /// <summary>Post-processed outputs: boxes [N, K, 4] normalised (ymin, xmin, ymax, xmax), scores [N, K], classes [N, K], optional count [N].</summary>
    Ssd,
}
