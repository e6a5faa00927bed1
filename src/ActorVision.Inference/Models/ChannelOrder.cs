namespace ActorVision.Inference.Models;

/// <summary>Order of the colour channels the model expects.</summary>
public enum ChannelOrder
{
    Rgb,
    /// <summary>OpenCV/Caffe exports.</summary>
    Bgr,
}
