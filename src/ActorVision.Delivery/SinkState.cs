namespace ActorVision.Delivery;

public enum SinkState
{
    /// <summary>Loading its position, or waiting for the database to answer.</summary>
    Starting,
    /// <summary>Delivering, every receiver answering.</summary>
    Delivering,
    /// <summary>At least one camera's next event waits for a retry: the receiver refused it or could not be reached.</summary>
    Retrying,
    /// <summary>No sink answered (the node running it is failing over): see the other fields from the last report.</summary>
    Unavailable,
}
