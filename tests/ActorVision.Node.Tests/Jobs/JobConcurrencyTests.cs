using ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Jobs;

/// <summary>Twenty jobs from two submitters on a node that runs two at a time.</summary>
public sealed class JobConcurrencyTests(JobNodeFixture fixture) : IClassFixture<JobNodeFixture>
{
    [Fact]
    public async Task Twenty_jobs_never_run_more_than_two_at_once_on_the_node()
    {
        var video = Path.GetFileName(JobMedia.Crossing("crossing-20s.mp4", 20));
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var spec = JobsClient.Spec(video);
            spec.Submitter = i % 2 == 0 ? "ana" : "bob";
            ids.Add((await fixture.Client.SubmitAsync(spec)).Id);
        }

        var maxRunning = 0;
        var observations = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (true)
        {
            var jobs = (await fixture.Client.Api.ListJobsAsync(new ListJobsRequest())).Jobs.Where(j => ids.Contains(j.Id)).ToList();
            var slots = await fixture.SlotsAsync();
            var running = jobs.Count(j => j.State == JobState.Running);
            observations++;
            Assert.True(running <= 2, $"{running} jobs running at once: {string.Join(", ", jobs.Where(j => j.State == JobState.Running).Select(j => j.Id))}");
            Assert.True(slots.Running.Count <= 2, $"the scheduler holds {slots.Running.Count} slots");
            maxRunning = Math.Max(maxRunning, running);
            if (jobs.Count == 20 && jobs.All(j => j.State == JobState.Completed)) break;
            Assert.True(DateTime.UtcNow < deadline, $"not all completed: {string.Join(", ", jobs.Select(j => $"{j.Id}={j.State}"))}");
            Assert.DoesNotContain(jobs, j => j.State is JobState.Failed or JobState.Cancelled);
            await Task.Delay(50); // listing reads the journal: leave the jobs some CPU
        }
        Assert.True(observations > 1);
        Assert.True(maxRunning >= 1);
    }
}
