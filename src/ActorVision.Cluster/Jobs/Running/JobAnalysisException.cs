namespace ActorVision.Cluster.Jobs.Running;

/// <summary>A frame of a job could not be analysed (a model run failed, no device); the attempt ends and is retried.</summary>
public sealed class JobAnalysisException(string message) : Exception(message);
