namespace ActorVision.Media;

/// <summary>Hardware decoder to try; when it cannot be used the source decodes in software and says why.</summary>
public enum HardwareDecode
{
    None,
    /// <summary>NVIDIA NVDEC through CUDA.</summary>
    Cuda,
    /// <summary>VA-API (Intel, AMD) through /dev/dri.</summary>
    Vaapi,
}
