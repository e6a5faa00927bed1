namespace ActorVision.Node.Dashboard;

/// <summary>Where one browser connection stands: the last version and event it was sent.</summary>
public sealed class DashboardCursor
{
    public bool Started { get; set; }
    public long Version { get; set; }
    public long EventSeq { get; set; }
    public string? JobsJson { get; set; }
}
