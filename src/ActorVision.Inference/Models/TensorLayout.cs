namespace ActorVision.Inference.Models;

/// <summary>How the model's image input is laid out in memory.</summary>
public enum TensorLayout
{
    /// <summary>[batch, height, width, channels] (TensorFlow exports, BlazeFace).</summary>
    Nhwc,
    /// <summary>[batch, channels, height, width] (PyTorch exports, YOLO).</summary>
    Nchw,
}
