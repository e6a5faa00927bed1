namespace ActorVision.Media.Sinks;

/// <summary>Which H.264 encoder a <see cref="FrameSink"/> uses.</summary>
public enum H264Encoder
{
    /// <summary>libx264 on the CPU.</summary>
    X264,
    /// <summary>NVIDIA NVENC (<c>h264_nvenc</c>); falls back to libx264, with the reason, when no GPU encoder is usable.</summary>
    Nvenc,
}
