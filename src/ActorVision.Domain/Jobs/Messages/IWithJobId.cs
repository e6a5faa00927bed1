namespace ActorVision.Domain.Jobs.Messages;

/// <summary>Every message routed to a job entity names it; one extractor routes the whole protocol.</summary>
public interface IWithJobId
{
    string JobId { get; }
}

/// <summary>Changes a job; answered with <see cref="JobAccepted"/> or <see cref="JobRejected"/>.</summary>
public interface IJobCommand : IWithJobId;

/// <summary>Reads a job; answered with <see cref="JobView"/> or <see cref="JobRejected"/> (not found).</summary>
public interface IJobQuery : IWithJobId;
