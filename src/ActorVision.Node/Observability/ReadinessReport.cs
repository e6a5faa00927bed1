namespace ActorVision.Node.Observability;

/// <summary>
/// What <c>/ready</c> answers: ready only when every check is. A ready node may still be degraded (over capacity): it
/// serves and keeps its cameras, but should get no more work; <see cref="Status"/> says which.
/// </summary>
public sealed record ReadinessReport(bool Ready, IReadOnlyList<ReadinessItem> Checks)
{
    /// <summary><c>ready</c>, <c>degraded</c> (ready, but a check warns) or <c>not-ready</c>.</summary>
    public string Status => !Ready ? "not-ready" : Checks.Any(c => c.Degraded) ? "degraded" : "ready";
}

/// <summary>One check of the readiness answer, with what an operator needs to know when it fails or warns.</summary>
/// <param name="Degraded">The check passes but warns: the node works, with less than it should have.</param>
public sealed record ReadinessItem(string Name, bool Ok, string Detail, bool Degraded = false);
