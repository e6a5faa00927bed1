namespace ActorVision.Node.Dashboard;

/// <summary>An analysis job as the dashboard's Jobs panel shows it.</summary>
/// <param name="Progress">0 to 1.</param>
/// <param name="Eta">Estimated time left, when known.</param>
/// <param name="ResultsUrl">Where the results download is served (relative to the node's HTTP port), once there are results.</param>
public sealed record DashboardJob(string Id, string Name, string State, double Progress, TimeSpan? Eta, DateTime? Started, string? ResultsUrl);

/// <summary>
/// Where the dashboard reads jobs from. The job engine registers one implementation in the node's services
/// (<c>services.AddSingleton&lt;IDashboardJobSource, ...&gt;()</c>); without one the Jobs panel says jobs are not
/// available on this node. Called once per push interval from one thread: return a cached list, do not ask actors.
/// </summary>
public interface IDashboardJobSource
{
    IReadOnlyList<DashboardJob> CurrentJobs();
}
