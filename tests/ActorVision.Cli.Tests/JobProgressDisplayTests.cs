using ActorVision.Cli.Jobs;
using ActorVision.Cli.Output;
using ActorVision.Cli.Resilience;
using ActorVision.Cli.Tests.Support;
using ActorVision.Protocol.V1;

namespace ActorVision.Cli.Tests;

/// <summary>Progress when stdout is a file or pipe: a line per 10% step and state change, or nothing for JSON.</summary>
public class JobProgressDisplayTests
{
    private static JobWatcher Watcher(params (JobState State, double Percent)[] updates) =>
        new((_, _) => Scripted.Stream(updates.Select(u => new Job { Id = "j1", State = u.State, Progress = new JobProgress { Percent = u.Percent } })),
            (_, _) => throw new InvalidOperationException(), new StreamReconnect(new RetryHarness().Call, TimeSpan.FromSeconds(30)));

    [Fact]
    public async Task Redirected_table_output_gets_a_line_per_step_not_per_update()
    {
        var output = new StringWriter();
        var watcher = Watcher((JobState.Queued, 0), (JobState.Running, 0), (JobState.Running, 3), (JobState.Running, 9.9),
            (JobState.Running, 10), (JobState.Running, 15), (JobState.Running, 57), (JobState.Completed, 100));

        var final = await JobProgressDisplay.FollowAsync(watcher, "j1", Terminal.ForWriters(output, new StringWriter()), json: false, CancellationToken.None);

        Assert.Equal(JobState.Completed, final.State);
        var lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("j1 0.0% Queued", lines[0]);
        Assert.StartsWith("j1 0.0% Running", lines[1]);
        Assert.StartsWith("j1 10.0% Running", lines[2]);
        Assert.StartsWith("j1 57.0% Running", lines[3]);
        Assert.StartsWith("j1 100.0% Completed", lines[4]);
    }

    [Fact]
    public async Task Json_into_a_pipe_shows_no_progress_at_all()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        await JobProgressDisplay.FollowAsync(Watcher((JobState.Running, 50), (JobState.Failed, 50)), "j1",
            Terminal.ForWriters(output, error), json: true, CancellationToken.None);

        Assert.Equal("", output.ToString());
        Assert.Equal("", error.ToString());
    }
}
