using ActorVision.Protocol.V1;
using ActorVision.Tests;
using Grpc.Core;
using Xunit.Abstractions;

namespace ActorVision.Node.Tests.Jobs;

/// <summary>The COCO detector end to end on a real node: a job over real footage of people counts people crossing a line.</summary>
public sealed class CocoJobTests(JobNodeFixture fixture, ITestOutputHelper output) : IClassFixture<JobNodeFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(4);
    private JobsClient Client => fixture.Client;

    [Fact]
    public async Task A_job_over_the_pedestrians_clip_reports_people_crossing_the_walkway_line()
    {
        var spec = new JobSpec { Input = PedestriansClip(), AnalysisFps = 5 };
        spec.Models.Add("people-vehicles");
        spec.Rules.Add(Walkway("person"));

        var job = await Client.WaitFinishedAsync((await Client.SubmitAsync(spec)).Id, Long);
        output.WriteLine(job.ToString());

        Assert.Equal(JobState.Completed, job.State);
        var events = (await Client.ResultsAsync(job.Id, ResultFormat.Jsonl)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => AnalyticsEvent.Parser.ParseJson(line)).ToList();
        foreach (var e in events) output.WriteLine($"{e.Type} {e.Label} track {e.TrackId}");
        // In these 40 s people walk across the middle of the footpath both ways: 9 crossings by 9 tracks measured at
        // 5 fps; at least 6 leaves room for a walker hidden by another, none would mean the detector or tracker broke.
        Assert.True(events.Count >= 6, $"{events.Count} crossings");
        Assert.All(events, e => Assert.Equal(("LineCrossed", "person", "walkway"), (e.Type, e.Label, e.RuleId)));
        Assert.True(events.Select(e => e.TrackId).Distinct().Count() >= 5, "different people cross");
    }

    [Fact]
    public async Task A_rule_naming_a_class_the_model_does_not_know_is_rejected_naming_its_field_and_the_classes()
    {
        var spec = new JobSpec { Input = PedestriansClip(), AnalysisFps = 5 };
        spec.Models.Add("people-vehicles");
        spec.Rules.Add(Walkway("persn"));

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitAsync(spec));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("spec.rules[0].classes[0]", error.Status.Detail);
        Assert.Contains("(they detect: bicycle, bus, car, motorcycle, person, truck); did you mean 'person'?", error.Status.Detail);
    }

    private static Rule Walkway(string className)
    {
        var rule = new Rule { Id = "walkway", Name = "Walkway", LineCrossing = new LineCrossingRule { A = new Point { X = 0.5f, Y = 0.2f }, B = new Point { X = 0.5f, Y = 0.8f } } };
        rule.Classes.Add(className);
        return rule;
    }

    /// <summary>The first 40 s of OpenCV's pedestrians sample (media/pedestrians.mp4), in the job media root.</summary>
    private static string PedestriansClip()
    {
        const string name = "pedestrians-40s.mp4";
        var path = Path.Combine(JobMedia.Root, name);
        if (File.Exists(path)) return name;
        var temp = path + ".tmp.mp4";
        var start = new System.Diagnostics.ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var a in new[] { "-hide_banner", "-loglevel", "error", "-y", "-i", TestAssets.Pedestrians, "-t", "40", "-c", "copy", temp })
            start.ArgumentList.Add(a);
        using var ffmpeg = System.Diagnostics.Process.Start(start)!;
        var stderr = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        if (ffmpeg.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {stderr}");
        File.Move(temp, path, overwrite: true);
        return name;
    }
}
