namespace ActorVision.Cluster.Devices;

/// <summary>Thrown by a worker after it answered a failed batch, so its supervisor restarts it with a fresh session.</summary>
public sealed class InferenceBatchException(string message, Exception inner) : Exception(message, inner);
