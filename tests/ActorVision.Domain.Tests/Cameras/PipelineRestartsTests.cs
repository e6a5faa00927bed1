using ActorVision.Common.Resilience;
using ActorVision.Domain.Cameras;

namespace ActorVision.Domain.Tests.Cameras;

public sealed class PipelineRestartsTests
{
    private static readonly PipelineRestartPolicy Policy = new(new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), randomFactor: 0.5), TimeSpan.FromMinutes(1));
    private static readonly DateTime T0 = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Failures_in_a_row_double_the_wait_up_to_the_cap()
    {
        var restarts = PipelineRestarts.None;
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            (restarts, var wait) = restarts.Failed(T0.AddSeconds(i), Policy, random01: 0);
            waits.Add(wait);
        }
        Assert.Equal([1, 2, 4, 8, 8, 8], waits.Select(w => w.TotalSeconds));
        Assert.Equal(6, restarts.Failures);
    }

    [Fact]
    public void The_random_factor_only_lengthens_the_wait()
    {
        var (_, shortest) = PipelineRestarts.None.Failed(T0, Policy, random01: 0);
        var (_, longest) = PipelineRestarts.None.Failed(T0, Policy, random01: 1);
        Assert.Equal(TimeSpan.FromSeconds(1), shortest);
        Assert.Equal(TimeSpan.FromSeconds(1.5), longest);
    }

    [Fact]
    public void A_pipeline_that_ran_healthy_for_the_reset_time_starts_the_count_again()
    {
        var (restarts, _) = PipelineRestarts.None.Failed(T0, Policy, 0);
        (restarts, _) = restarts.Failed(T0.AddSeconds(1), Policy, 0);
        restarts = restarts.Running(T0.AddSeconds(10));

        var (afterShortRun, wait) = restarts.Failed(T0.AddSeconds(30), Policy, 0);
        Assert.Equal(TimeSpan.FromSeconds(4), wait);
        Assert.Equal(3, afterShortRun.Failures);

        var (afterLongRun, reset) = restarts.Failed(T0.AddSeconds(70), Policy, 0);
        Assert.Equal(TimeSpan.FromSeconds(1), reset);
        Assert.Equal(1, afterLongRun.Failures);
    }

    [Fact]
    public void Only_the_first_report_of_running_starts_the_healthy_period()
    {
        var running = PipelineRestarts.None.Running(T0).Running(T0.AddSeconds(50));
        Assert.Equal(T0, running.HealthySince);
    }
}
