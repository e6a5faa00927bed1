namespace ActorVision.Node.Dashboard;

/// <summary>
/// Where the dashboard reads jobs from. The job engine registers one implementation in the node's services
/// (<c>services.AddSingleton&lt;IDashboardJobSource, ...&gt;()</c>); without one the Jobs panel says jobs are not
/// available on this node. Called once per push interval from one thread: return a cached list, do not ask actors.
/// </summary>
public interface IDashboardJobSource
{
    IReadOnlyList<DashboardJob> CurrentJobs();
}
