namespace ActorVision.Node.Observability;

/// <summary>
/// What <c>/ready</c> answers: ready only when every check is. Degraded when a check passes but the node works with
/// less than it should (disk space low: snapshots and recordings paused; over capacity: it should get no more work):
/// still ready, since taking it out of service would not help, but an operator should act on the reasons.
/// </summary>
public sealed record ReadinessReport(bool Ready, IReadOnlyList<ReadinessItem> Checks)
{
    /// <summary><c>ready</c>, <c>degraded</c> (ready, but a check warns) or <c>not-ready</c>.</summary>
    public string Status => !Ready ? "not-ready" : Degraded ? "degraded" : "ready";

    public bool Degraded => Checks.Any(c => c.Degraded);

    /// <summary>The details of the degraded checks, for a glance.</summary>
    public IReadOnlyList<string> Reasons => Checks.Where(c => c.Degraded).Select(c => $"{c.Name}: {c.Detail}").ToArray();
}

/// <summary>One check of the readiness answer, with what an operator needs to know when it fails or warns.</summary>
/// <param name="Degraded">The check passes but warns: the node works, with less than it should have.</param>
public sealed record ReadinessItem(string Name, bool Ok, string Detail, bool Degraded = false);
