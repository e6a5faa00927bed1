using ActorVision.Protocol.V1;
using ActorVision.Node.Dashboard;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ActorVision.Node.Tests.Jobs;

/// <summary>Jobs on a real node: every frame of a long video, results, idempotent submits, cancel, damaged input.</summary>
public sealed class JobRunTests(JobNodeFixture fixture, ITestOutputHelper output) : IClassFixture<JobNodeFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);
    private JobsClient Client => fixture.Client;

    [Fact]
    public async Task Every_frame_of_a_twelve_minute_video_is_analysed_and_the_results_export_every_event()
    {
        var video = JobMedia.TwelveMinutes;
        var trueCount = JobMedia.CountFrames(video);
        Assert.Equal(7200, trueCount);

        var submitted = await Client.SubmitAsync(JobsClient.Spec("crossing-12min.mp4"));
        Assert.Equal(JobState.Queued, submitted.State);
        var job = await Client.WaitFinishedAsync(submitted.Id, Long);
        output.WriteLine(job.ToString());

        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(trueCount, job.Progress.FramesAnalysed);
        Assert.Equal(trueCount, job.Progress.FramesDone);
        Assert.Equal(trueCount, job.Progress.FramesTotal);
        Assert.Equal(0, job.Progress.FramesUndecodable);
        Assert.Equal(100, job.Progress.Percent);
        // The box crosses the line once every 5 s: 144 passes in 12 minutes (the first starts off-screen).
        Assert.InRange(job.Summary.EventCount, 140, 144);
        Assert.Equal(job.Summary.EventCount, job.Summary.PerRule["door"]);
        Assert.Equal(job.Summary.EventCount, job.Summary.Buckets.Sum(b => b.Count));
        Assert.Equal(12, job.Summary.Buckets.Count);

        var jsonl = (await Client.ResultsAsync(job.Id, ResultFormat.Jsonl)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(job.Summary.EventCount, jsonl.Length);
        var first = AnalyticsEvent.Parser.ParseJson(jsonl[0]);
        Assert.Equal(job.Id, first.JobId);
        Assert.Equal("LineCrossed", first.Type);
        var ids = jsonl.Select(line => AnalyticsEvent.Parser.ParseJson(line).Id).ToHashSet();
        Assert.Equal(jsonl.Length, ids.Count);

        var csv = (await Client.ResultsAsync(job.Id, ResultFormat.Csv)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,job_id,rule_id", csv[0]);
        Assert.Equal(job.Summary.EventCount + 1, csv.Length);
        Assert.All(csv.Skip(1), row => Assert.Contains(job.Id, row));
    }

    [Fact]
    public async Task A_retried_submit_with_the_same_request_id_queues_one_job()
    {
        var video = JobMedia.Crossing("crossing-20s.mp4", 20);
        var requestId = Guid.NewGuid().ToString("N");
        var first = await Client.SubmitAsync(JobsClient.Spec(Path.GetFileName(video)), requestId);
        var again = await Client.SubmitAsync(JobsClient.Spec(Path.GetFileName(video)), requestId);
        Assert.Equal(first.Id, again.Id);
        var listed = await Client.Api.ListJobsAsync(new ListJobsRequest());
        Assert.Single(listed.Jobs, j => j.Id == first.Id);

        var other = JobsClient.Spec(Path.GetFileName(video), everyFrame: false);
        var conflict = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitAsync(other, requestId));
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
        Assert.Equal(JobState.Completed, (await Client.WaitFinishedAsync(first.Id, Long)).State);
    }

    [Fact]
    public async Task Cancel_stops_the_job_promptly_and_frees_its_slot_and_the_device()
    {
        JobMedia.TwelveMinutes.ToString();
        var submitted = await Client.SubmitAsync(JobsClient.Spec("crossing-12min.mp4", everyFrame: true, "slow"));
        await Client.WaitAsync(submitted.Id, j => j.State == JobState.Running && j.Progress.FramesAnalysed > 20, Long);

        var cancelled = await Client.Api.CancelJobAsync(new JobIdRequest { JobId = submitted.Id });
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.True(cancelled.Progress.FramesDone < 7200, "it was cancelled mid-way");

        // Its slot and its requests at the device go away (the device finishes at most the window in flight).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var slots = await fixture.SlotsAsync();
            var load = await fixture.DeviceLoadAsync();
            if (!slots.Running.Contains(submitted.Id) && load.Pending == 0) break;
            Assert.True(DateTime.UtcNow < deadline, $"still running: slots {string.Join(",", slots.Running)}, device pending {load.Pending}");
            await Task.Delay(100);
        }
        var after = await Client.GetAsync(submitted.Id);
        Assert.Equal(JobState.Cancelled, after.State);
        var again = await Client.Api.CancelJobAsync(new JobIdRequest { JobId = submitted.Id });
        Assert.Equal(JobState.Cancelled, again.State);
    }

    [Fact]
    public async Task A_damaged_recording_completes_with_a_count_of_undecodable_frames()
    {
        var damaged = JobMedia.Damaged(JobMedia.Crossing("crossing-60s.mp4", 60), "damaged-60s.mp4");
        var job = await Client.WaitFinishedAsync((await Client.SubmitAsync(JobsClient.Spec(Path.GetFileName(damaged)))).Id, Long);
        output.WriteLine(job.ToString());
        Assert.Equal(JobState.Completed, job.State);
        Assert.True(job.Progress.FramesUndecodable > 0, "the damage is counted");
        Assert.True(job.Progress.FramesAnalysed > 300, "the rest is analysed");
    }

    [Fact]
    public async Task A_file_that_is_not_a_video_fails_with_the_reason_and_the_node_goes_on()
    {
        var text = Path.Combine(JobMedia.Root, "notes.mp4");
        await File.WriteAllTextAsync(text, "these are not the frames you are looking for\n");
        var job = await Client.WaitFinishedAsync((await Client.SubmitAsync(JobsClient.Spec("notes.mp4"))).Id, Long);
        Assert.Equal(JobState.Failed, job.State);
        Assert.False(string.IsNullOrWhiteSpace(job.Reason));
        Assert.Equal(1, job.Attempts); // permanent: not retried
        output.WriteLine(job.Reason);

        var good = await Client.WaitFinishedAsync((await Client.SubmitAsync(JobsClient.Spec(Path.GetFileName(JobMedia.Crossing("crossing-20s.mp4", 20))))).Id, Long);
        Assert.Equal(JobState.Completed, good.State);
    }

    [Theory]
    [InlineData("../etc/passwd", "contains '..'")]
    [InlineData("/etc/passwd", "outside the media root")]
    [InlineData("escape-link.mp4", "symbolic link")]
    [InlineData("rtsp://127.0.0.1:8554/cam", "live stream")]
    [InlineData("ftp://127.0.0.1/a.mp4", "'ftp:'")]
    [InlineData("missing.mp4", "not found")]
    public async Task Inputs_outside_the_media_root_and_disallowed_schemes_are_rejected(string input, string reason)
    {
        var link = Path.Combine(JobMedia.Root, "escape-link.mp4");
        if (!File.Exists(link) && new FileInfo(link).LinkTarget is null) File.CreateSymbolicLink(link, "/etc/hostname");
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitAsync(JobsClient.Spec(input)));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("spec.input", error.Status.Detail);
        Assert.Contains(reason, error.Status.Detail);
    }

    [Fact]
    public async Task Unknown_jobs_are_not_found_and_bad_specs_name_their_field()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => Client.GetAsync("j-0000000000000000"));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var spec = JobsClient.Spec("crossing-20s.mp4", everyFrame: false, "no-such-model");
        spec.AnalysisFps = -1;
        var invalid = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitAsync(spec));
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("spec.models[0]", invalid.Status.Detail);
        Assert.Contains("spec.analysisFps", invalid.Status.Detail);
    }
    [Fact]
    public async Task An_annotated_video_is_written_when_asked_with_every_frame_of_the_input()
    {
        var video = JobMedia.Crossing("crossing-20s.mp4", 20);
        var spec = JobsClient.Spec(Path.GetFileName(video));
        spec.AnnotatedVideo = true;
        var job = await Client.WaitFinishedAsync((await Client.SubmitAsync(spec)).Id, Long);
        Assert.Equal(JobState.Completed, job.State);
        Assert.StartsWith(fixture.Node.DataFolder, job.AnnotatedVideoPath);
        Assert.True(File.Exists(job.AnnotatedVideoPath), job.AnnotatedVideoPath);
        Assert.Equal(JobMedia.CountFrames(video), JobMedia.CountFrames(job.AnnotatedVideoPath));
    }

    [Fact]
    public async Task A_completed_job_is_listed_on_the_dashboard_with_a_results_download_over_http()
    {
        var video = JobMedia.Crossing("crossing-15s.mp4", 15);
        var job = await Client.WaitFinishedAsync((await Client.SubmitAsync(JobsClient.Spec(Path.GetFileName(video)))).Id, Long);
        Assert.Equal(JobState.Completed, job.State);

        var feed = fixture.Node.Services.GetRequiredService<IDashboardJobSource>();
        DashboardJob? listed = null;
        for (var attempt = 0; attempt < 100 && listed?.State != "Completed"; attempt++)
        {
            listed = feed.CurrentJobs().FirstOrDefault(j => j.Id == job.Id);
            if (listed?.State != "Completed") await Task.Delay(100);
        }
        Assert.NotNull(listed);
        Assert.Equal("Completed", listed.State);
        Assert.Equal(1.0, listed.Progress);
        Assert.Equal("crossing-15s.mp4", listed.Name);

        using var http = new HttpClient { BaseAddress = fixture.Node.HttpAddress };
        var csv = (await http.GetStringAsync(listed.ResultsUrl!.Replace("/jsonl", "/csv"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,job_id,rule_id", csv[0]);
        Assert.Equal(job.Summary.EventCount + 1, csv.Length);
        var jsonl = (await http.GetStringAsync(listed.ResultsUrl)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal((await Client.ResultsAsync(job.Id, ResultFormat.Jsonl)).Split('\n', StringSplitOptions.RemoveEmptyEntries), jsonl);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/jobs/no-such-job/results/csv")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.GetAsync($"/jobs/{job.Id}/results/xml")).StatusCode);
    }
}
