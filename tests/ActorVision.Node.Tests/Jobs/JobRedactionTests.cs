using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;
using ActorVision.Node.Jobs;

namespace ActorVision.Node.Tests.Jobs;

/// <summary>A job's input may be a signed or tokened URL: the API, avctl and the dashboard never show the secret.</summary>
public sealed class JobRedactionTests
{
    private const string Signed = "https://store.example/clips/lobby.mp4?X-Amz-Credential=AKIA1234&X-Amz-Signature=deadbeef&part=1";

    private static JobView View(string input, string? reason) => new(
        "j-0123456789abcdef",
        new AnalysisJobSpec { Input = input, ResolvedInput = input, Models = ["motion"] },
        JobStatus.Failed, reason, JobProgress.None, null, "node", DateTime.UtcNow, null, DateTime.UtcNow, 1, JobSummary.Empty, null);

    [Fact]
    public void The_API_shows_a_job_input_and_reason_without_their_secrets()
    {
        var job = JobContract.ToProto(View("https://svc:hunter2@store.example/a.mp4?token=t0k3n", "https://svc:hunter2@store.example/a.mp4?token=t0k3n: 403 Forbidden"));

        Assert.Equal("https://***@store.example/a.mp4?token=***", job.Spec.Input);
        Assert.Equal("https://***@store.example/a.mp4?token=***: 403 Forbidden", job.Reason);
    }

    [Theory]
    [InlineData(Signed, "lobby.mp4")]
    [InlineData("/srv/media/2026/lobby.mp4", "lobby.mp4")]
    [InlineData("recordings/night.mkv", "night.mkv")]
    public void The_dashboard_names_a_job_by_its_file_name_without_a_query(string input, string name) =>
        Assert.Equal(name, DashboardJobFeed.InputName(input));
}
