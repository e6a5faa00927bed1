using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using ActorVision.Benchmarks.Harness;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Hosting;
using ActorVision.Core.Detections;
using ActorVision.Core.Rules;
using ActorVision.Inference.Detectors;
using ActorVision.Inference.Motion;
using ActorVision.Media;
using ActorVision.Node;
using ActorVision.Node.Configuration;
using ActorVision.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ActorVision.Cluster.Configuration;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;

namespace ActorVision.Benchmarks.Jobs;

/// <summary>Shared pieces of the job benchmarks: a real node in process, and the bare decode + inference loop.</summary>
public static class JobBench
{
    public const string Group = "jobs";

    /// <summary>The analysis size jobs and the bare loop both decode to (the node's default analysis width).</summary>
    public const int AnalysisWidth = 640;

    public static AnalysisJobSpec Spec(string path, string model) => new()
    {
        Input = Path.GetFileName(path),
        ResolvedInput = path,
        Models = [model],
        EveryFrame = true,
        AnalysisWidth = AnalysisWidth,
        Rules = [new LineCrossingRuleSpec { Id = "door", A = new(0.5f, 0.05f), B = new(0.5f, 0.95f) }],
        Submitter = "bench",
    };

    /// <summary>Decode every frame (same options as a job) and run the model on each, one frame at a time, nothing else.</summary>
    public static (long Frames, TimeSpan Elapsed, double VideoSeconds) BareLoop(string path, string model, BenchmarkContext context)
    {
        var config = HoconFiles.Load(Path.Combine(context.RepoRoot, "hocon"), []);
        var catalog = ModelCatalog.FromConfig(config, context.RepoRoot);
        var blobs = new List<Detection>(64);
        using var motion = model == "motion" ? new MotionDetector(catalog.MotionDetectors[model]) : null;
        using var detector = model == "motion" ? null : DetectorFactory.Create(catalog.Models[model]);
        var results = new DetectionBatch();
        var start = Stopwatch.GetTimestamp();
        using var source = FrameSource.Open(new FrameSourceOptions(path) { OutputWidth = AnalysisWidth, DecoderThreads = 1, Live = false });
        long frames = 0;
        while (source.ReadFrame() is { } frame)
        {
            blobs.Clear();
            if (motion is not null) motion.Process(frame, blobs);
            else detector!.Detect([frame], results);
            frame.Release();
            frames++;
        }
        var elapsed = Stopwatch.GetElapsedTime(start);
        return (frames, elapsed, frames / source.Info.FrameRate);
    }

    /// <summary>A node in this process with its own data folder (SQLite), the repository's media folder as media root.</summary>
    public static async Task<WebApplication> StartNodeAsync(BenchmarkContext context)
    {
        var data = Directory.CreateTempSubdirectory("av-bench-jobs-").FullName;
        var overrides = Path.Combine(data, "bench.conf");
        var ports = TestPorts.Pick(3);
        await File.WriteAllTextAsync(overrides, $$"""
            actorvision.node { port = {{ports[0]}}, data-folder = "{{data}}" }
            actorvision.api { grpc-port = {{ports[1]}}, http-port = {{ports[2]}} }
            actorvision.sources.media-roots = ["{{TestAssets.Media}}"]
            actorvision.jobs.status-interval = 1s
            akka.loglevel = WARNING
            """);
        var app = NodeHost.Build(new NodeCommandLine(Path.Combine(context.RepoRoot, "hocon"), [overrides], Demo: false));
        await app.StartAsync();
        return app;
    }

    /// <summary>Submits the job and waits for its end; returns its final view and the wall time from submit to end.</summary>
    public static async Task<(JobView Job, TimeSpan Elapsed)> RunJobAsync(WebApplication node, AnalysisJobSpec spec, CancellationToken cancellationToken)
    {
        var region = await node.Services.GetRequiredService<ActorRegistry>().GetAsync<JobRegion>(cancellationToken);
        var requestId = Guid.NewGuid().ToString("N");
        var jobId = JobIds.FromRequestId(requestId);
        var start = Stopwatch.GetTimestamp();
        var reply = await region.Ask<object>(new SubmitJob(jobId, requestId, spec), TimeSpan.FromSeconds(30), cancellationToken);
        if (reply is not JobAccepted) throw new InvalidOperationException($"job refused: {reply}");
        while (true)
        {
            var view = await region.Ask<JobView>(new GetJob(jobId), TimeSpan.FromSeconds(30), cancellationToken);
            if (view.Status.IsFinished())
            {
                if (view.Status != JobStatus.Completed) throw new InvalidOperationException($"job {jobId} {view.Status}: {view.Reason}");
                return (view, Stopwatch.GetElapsedTime(start));
            }
            await Task.Delay(20, cancellationToken);
        }
    }
}
