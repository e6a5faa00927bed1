namespace ActorVision.Inference.Detectors;

/// <summary>A model run finished but its outputs cannot be trusted (NaN, infinity, unexpected shape).</summary>
public sealed class ModelOutputException(string message) : Exception(message);
