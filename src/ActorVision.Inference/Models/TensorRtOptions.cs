namespace ActorVision.Inference.Models;

/// <summary>TensorRT settings: building an engine takes minutes, so it is cached on disk per model and GPU.</summary>
public sealed record TensorRtOptions(string? EngineCacheDirectory = null, bool Fp16 = false);
