namespace ActorVision.Inference.Models;

/// <summary>How a frame is fitted into the model's input: the way the model was trained.</summary>
public enum ResizeMode
{
    /// <summary>Aspect ratio kept, black padding (YOLO exports, BlazeFace).</summary>
    Letterbox,
    /// <summary>The whole frame resized to the input, distorting its aspect ratio (TensorFlow Object Detection API SSDs).</summary>
    Stretch,
}
