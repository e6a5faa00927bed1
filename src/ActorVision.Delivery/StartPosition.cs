namespace ActorVision.Delivery;

/// <summary>Where a sink that has never stored an offset starts reading the journal.</summary>
public enum StartPosition
{
    /// <summary>At the journal's head when the sink first starts: only events recorded from then on.</summary>
    Latest,
    /// <summary>At the beginning: every analytics event the journal holds.</summary>
    Earliest,
}
