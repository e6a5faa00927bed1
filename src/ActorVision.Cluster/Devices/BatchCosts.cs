namespace ActorVision.Cluster.Devices;

/// <summary>
/// What one model's runs cost per frame on this device, learnt from its completed batches: single frames against
/// large batches (at least half of max-batch). Batching pays when a large batch costs clearly less per frame; then
/// the router makes requests wait for the running batch rather than start small ones (see
/// <see cref="HoldWhileBusy"/>). Plain state owned by the router actor.
/// </summary>
public sealed class BatchCosts(int maxBatch)
{
    // Large batches must save at least this share per frame to start holding (below it, waiting costs latency for
    // nothing), and holding goes on until they save less than the second: a margin, so noise does not flip it.
    private const double SavingToStart = 0.15;
    private const double SavingToStop = 0.05;
    // Weight of the newest batch in the moving averages.
    private const double Weight = 0.1;

    private double? _single;
    private double? _large;
    private bool _pays;

    /// <summary>Mean milliseconds per frame of single-frame runs, when seen.</summary>
    public double? SingleFrameMs => _single;

    /// <summary>Mean milliseconds per frame of runs of at least half of max-batch, when seen.</summary>
    public double? LargeBatchMsPerFrame => _large;

    public void Record(int size, TimeSpan duration)
    {
        if (size <= 0) return;
        var perFrame = duration.TotalMilliseconds / size;
        if (size == 1) _single = Average(_single, perFrame);
        else if (size * 2 >= maxBatch) _large = Average(_large, perFrame);
        if (maxBatch > 1 && _single is { } one && _large is { } many)
            _pays = many <= one * (1 - (_pays ? SavingToStop : SavingToStart));
    }

    /// <summary>True once both kinds of run were seen and large batches cost clearly less per frame.</summary>
    public bool BatchingPays => _pays;

    private static double Average(double? mean, double sample) => mean is { } m ? m + Weight * (sample - m) : sample;
}
