using ActorVision.Cli.Jobs;
using ActorVision.Cli.Resilience;
using ActorVision.Cli.Tests.Support;
using ActorVision.Protocol.V1;
using Grpc.Core;

namespace ActorVision.Cli.Tests;

public class JobWatcherTests
{
    private static Job At(JobState state, double percent) =>
        new() { Id = "j1", State = state, Progress = new JobProgress { Percent = percent } };

    [Fact]
    public async Task A_watch_broken_by_a_dying_node_resumes_until_the_job_ends()
    {
        var harness = new RetryHarness();
        var watches = 0;
        var seen = new List<double>();
        var watcher = new JobWatcher((id, _) =>
        {
            watches++;
            Assert.Equal("j1", id);
            return watches == 1
                ? Scripted.Stream([At(JobState.Running, 10), At(JobState.Running, 40)], Scripted.Status(StatusCode.Unavailable, "node died"))
                : Scripted.Stream([At(JobState.Running, 40), At(JobState.Running, 90), At(JobState.Completed, 100)]);
        }, (_, _) => throw new InvalidOperationException("not needed"), new StreamReconnect(harness.Call, TimeSpan.FromSeconds(30)));

        var final = await watcher.RunAsync("j1", job => seen.Add(job.Progress.Percent), CancellationToken.None);

        Assert.Equal(JobState.Completed, final.State);
        Assert.Equal(2, watches);
        Assert.Equal([10, 40, 40, 90, 100], seen);
        Assert.Single(harness.Delays);
    }

    [Fact]
    public async Task A_stream_that_ends_early_is_checked_with_get_and_a_finished_job_ends_the_watch()
    {
        var harness = new RetryHarness();
        var watcher = new JobWatcher((_, _) => Scripted.Stream([At(JobState.Running, 99)]),
            (_, _) => Task.FromResult(At(JobState.Failed, 99)), new StreamReconnect(harness.Call, TimeSpan.FromSeconds(30)));

        var final = await watcher.RunAsync("j1", _ => { }, CancellationToken.None);

        Assert.Equal(JobState.Failed, final.State);
        Assert.Empty(harness.Delays);
    }

    [Fact]
    public async Task An_unknown_job_is_reported_at_once()
    {
        var harness = new RetryHarness();
        var watcher = new JobWatcher((_, _) => Scripted.Stream<Job>([], Scripted.Status(StatusCode.NotFound, "job 'j1'")),
            (_, _) => throw new InvalidOperationException(), new StreamReconnect(harness.Call, TimeSpan.FromSeconds(30)));

        var error = await Assert.ThrowsAsync<RpcException>(() => watcher.RunAsync("j1", _ => { }, CancellationToken.None));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Theory]
    [InlineData(JobState.Completed, true)]
    [InlineData(JobState.Failed, true)]
    [InlineData(JobState.Cancelled, true)]
    [InlineData(JobState.Queued, false)]
    [InlineData(JobState.Running, false)]
    [InlineData(JobState.Unspecified, false)]
    public void Finished_states(JobState state, bool finished) =>
        Assert.Equal(finished, JobWatcher.IsFinished(state));
}
