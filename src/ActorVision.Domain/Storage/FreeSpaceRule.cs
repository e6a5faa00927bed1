using System.Globalization;

namespace ActorVision.Domain.Storage;

/// <summary>
/// When a node stops writing what it can do without (event snapshots, recordings) for lack of disk space, and when
/// it starts again. Writes pause when free space falls below either threshold, and resume only once it is back above
/// both thresholds plus their margins, so a disk hovering at the threshold does not flip the node every check.
/// A threshold of zero is off.
/// </summary>
public sealed record FreeSpaceRule(double PauseBelowPercent, long PauseBelowBytes, double ResumeMarginPercent, long ResumeMarginBytes)
{
    /// <summary>How every reason <see cref="Describe"/> gives begins.</summary>
    public const string ReasonPrefix = "disk space low";

    public static FreeSpaceRule Off { get; } = new(0, 0, 0, 0);

    /// <summary>Whether writes are paused after measuring <paramref name="space"/>, given whether they were before.</summary>
    public bool Paused(DiskSpace space, bool pausedBefore) => pausedBefore ? !Recovered(space) : Below(space);

    /// <summary>Why writes are paused, in words an operator can act on.</summary>
    public string Describe(DiskSpace space, string folder)
    {
        var thresholds = new List<string>();
        if (PauseBelowPercent > 0) thresholds.Add(PauseBelowPercent.ToString("0.#", CultureInfo.InvariantCulture) + "%");
        if (PauseBelowBytes > 0) thresholds.Add(DiskSpace.Size(PauseBelowBytes));
        return $"{ReasonPrefix}: {space} on {folder}, below {string.Join(" or ", thresholds)}; snapshots and recordings paused";
    }

    private bool Below(DiskSpace space) =>
        space.FreeBytes < PauseBelowBytes || space.FreePercent < PauseBelowPercent;

    private bool Recovered(DiskSpace space) =>
        space.FreeBytes >= PauseBelowBytes + ResumeMarginBytes && space.FreePercent >= PauseBelowPercent + ResumeMarginPercent;
}
