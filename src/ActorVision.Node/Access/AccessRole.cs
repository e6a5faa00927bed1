namespace ActorVision.Node.Access;

/// <summary>What a key may do. An admin may do everything a viewer may.</summary>
public enum AccessRole
{
    /// <summary>Reads: the dashboard, live video, snapshots, events, job results, metrics, every Get/List/Watch call.</summary>
    Viewer,

    /// <summary>Changes: cameras, rules, jobs, cluster leave and down.</summary>
    Admin,
}
