using ActorVision.Domain.Storage;

namespace ActorVision.Domain.Tests.Storage;

public sealed class FreeSpaceRuleTests
{
    private const long GiB = 1L << 30;
    private static readonly FreeSpaceRule Rule = new(PauseBelowPercent: 5, PauseBelowBytes: 2 * GiB, ResumeMarginPercent: 1, ResumeMarginBytes: GiB / 2);

    [Fact]
    public void Writes_pause_below_either_threshold()
    {
        Assert.False(Rule.Paused(new DiskSpace(10 * GiB, 100 * GiB), pausedBefore: false));
        Assert.True(Rule.Paused(new DiskSpace(4 * GiB, 100 * GiB), pausedBefore: false)); // 4%
        Assert.True(Rule.Paused(new DiskSpace(GiB, 10 * GiB), pausedBefore: false)); // 10%, but 1 GiB
    }

    [Fact]
    public void Paused_writes_resume_only_above_the_thresholds_plus_their_margins()
    {
        Assert.True(Rule.Paused(new DiskSpace(5 * GiB + GiB / 10, 100 * GiB), pausedBefore: true)); // 5.1%: above, within the margin
        Assert.False(Rule.Paused(new DiskSpace(5 * GiB + GiB / 10, 100 * GiB), pausedBefore: false));
        Assert.False(Rule.Paused(new DiskSpace(6 * GiB, 100 * GiB), pausedBefore: true));
        Assert.True(Rule.Paused(new DiskSpace(2 * GiB + GiB / 4, 20 * GiB), pausedBefore: true)); // 11%, but 2.25 GiB < 2.5 GiB
    }

    [Fact]
    public void Zero_thresholds_never_pause()
    {
        Assert.False(FreeSpaceRule.Off.Paused(new DiskSpace(0, 100 * GiB), pausedBefore: false));
        Assert.False(new FreeSpaceRule(0, GiB, 0, 0).Paused(new DiskSpace(2 * GiB, 1000 * GiB), pausedBefore: false)); // 0.2%: percent off
    }

    [Fact]
    public void The_reason_names_the_space_the_folder_and_the_thresholds()
    {
        Assert.Equal("disk space low: 1 GiB free of 100 GiB (1%) on /data, below 5% or 2 GiB; snapshots and recordings paused",
            Rule.Describe(new DiskSpace(GiB, 100 * GiB), "/data"));
    }
}
