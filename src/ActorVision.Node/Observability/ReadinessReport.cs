namespace ActorVision.Node.Observability;

/// <summary>What <c>/ready</c> answers: ready only when every check is.</summary>
public sealed record ReadinessReport(bool Ready, IReadOnlyList<ReadinessItem> Checks);

/// <summary>One check of the readiness answer, with what an operator needs to know when it fails.</summary>
public sealed record ReadinessItem(string Name, bool Ok, string Detail);
