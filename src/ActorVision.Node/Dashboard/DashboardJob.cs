namespace ActorVision.Node.Dashboard;

/// <summary>An analysis job as the dashboard's Jobs panel shows it.</summary>
/// <param name="Progress">0 to 1.</param>
/// <param name="Eta">Estimated time left, when known.</param>
/// <param name="ResultsUrl">Where the results download is served (relative to the node's HTTP port), once there are results.</param>
public sealed record DashboardJob(string Id, string Name, string State, double Progress, TimeSpan? Eta, DateTime? Started, string? ResultsUrl);
