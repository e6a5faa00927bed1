namespace ActorVision.Cluster.Hosting;

/// <summary>Cluster roles a node can play; one node may play all of them.</summary>
public static class ActorVisionRoles
{
    /// <summary>Runs camera pipelines and analysis jobs (hosts the <c>camera</c> and <c>job</c> shard regions).</summary>
    public const string Ingest = "ingest";
    /// <summary>Hosts device routers (ONNX Runtime sessions).</summary>
    public const string Inference = "inference";
    /// <summary>Serves the gRPC control API, the dashboard and metrics.</summary>
    public const string Api = "api";

    public static readonly IReadOnlyList<string> All = [Ingest, Inference, Api];
}
