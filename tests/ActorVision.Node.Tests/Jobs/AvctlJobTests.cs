using System.Text.Json;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;

namespace ActorVision.Node.Tests.Jobs;

/// <summary>avctl as a process against a real node: `job submit --wait --output json` prints the documented final object.</summary>
public sealed class AvctlJobTests(JobNodeFixture fixture) : IClassFixture<JobNodeFixture>
{
    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var result = await Avctl.RunAsync(fixture.Node.GrpcAddress, args);
        return (result.ExitCode, result.Stdout, result.Stderr);
    }

    [Fact]
    public async Task Submit_wait_json_prints_the_final_object_and_exits_zero()
    {
        var video = JobMedia.Crossing("crossing-60s.mp4", 60);
        var rules = Path.Combine(fixture.Node.DataFolder, "door-rules.json");
        await File.WriteAllTextAsync(rules, """{"rules": [{"id": "door", "name": "Door", "lineCrossing": {"a": {"x": 0.5, "y": 0.05}, "b": {"x": 0.5, "y": 0.95}}}]}""");

        var (exit, stdout, stderr) = await RunAsync("job", "submit", Path.GetFileName(video), "--rules", rules, "--every-frame", "--wait", "--output", "json");
        Assert.True(exit == 0, $"exit {exit}: {stderr}\n{stdout}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Matches("^j-[0-9a-f]{16}$", root.GetProperty("jobId").GetString());
        Assert.Equal("JOB_STATE_COMPLETED", root.GetProperty("state").GetString());
        Assert.Equal(JobMedia.CountFrames(video), root.GetProperty("framesAnalysed").GetInt64());
        Assert.Equal(0, root.GetProperty("framesUndecodable").GetInt64());
        var events = root.GetProperty("eventCount").GetInt64();
        Assert.InRange(events, 10, 12);
        Assert.Equal(events, root.GetProperty("perRule").GetProperty("door").GetInt64());

        var (listExit, list, _) = await RunAsync("job", "ls", "--output", "json");
        Assert.Equal(0, listExit);
        Assert.Contains(root.GetProperty("jobId").GetString()!, list);
        var (csvExit, csv, _) = await RunAsync("job", "results", root.GetProperty("jobId").GetString()!, "--format", "csv");
        Assert.Equal(0, csvExit);
        Assert.Equal(events + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_job_that_fails_exits_with_the_job_failed_code()
    {
        await File.WriteAllTextAsync(Path.Combine(JobMedia.Root, "not-a-video.mp4"), "plain text\n");
        var (exit, stdout, stderr) = await RunAsync("job", "submit", "not-a-video.mp4", "--wait", "--output", "json");
        Assert.True(exit == 8, $"exit {exit}: {stderr}\n{stdout}");
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("JOB_STATE_FAILED", json.RootElement.GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_path_outside_the_media_root_is_refused_as_invalid()
    {
        var (exit, _, stderr) = await RunAsync("job", "submit", "../../etc/passwd");
        Assert.True(exit == 3, $"exit {exit}: {stderr}");
        Assert.Contains("spec.input", stderr);
    }
}
