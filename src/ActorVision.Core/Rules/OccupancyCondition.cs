namespace ActorVision.Core.Rules;

/// <summary>When an occupancy rule fires, relative to its limit.</summary>
public enum OccupancyCondition
{
    /// <summary>More objects than the limit (a crowd, a queue too long).</summary>
    MoreThan = 0,
    /// <summary>Fewer objects than the limit (an unattended post, an empty counter).</summary>
    FewerThan = 1,
}
