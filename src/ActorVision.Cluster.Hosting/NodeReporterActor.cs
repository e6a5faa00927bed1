namespace ActorVision.Cluster.Hosting;

/// <summary>Marker for this node's <see cref="NodeReporter"/> in the ActorRegistry.</summary>
public sealed class NodeReporterActor;
