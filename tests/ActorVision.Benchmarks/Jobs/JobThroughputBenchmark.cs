using ActorVision.Benchmarks.Harness;
using ActorVision.Tests;

namespace ActorVision.Benchmarks.Jobs;

/// <summary>
/// Job throughput in seconds of video per wall-clock second, against the bare loop (decode + the same model, one frame
/// at a time) on the same file: what sharding, persistence, checkpoints, the stream graph, the device router, the
/// tracker and the rules cost or gain.
/// </summary>
public abstract class JobThroughputBenchmark : IBenchmark
{
    public abstract string Name { get; }
    public string Group => JobBench.Group;
    public string Description => $"job throughput on pedestrians.mp4 with {Model}, every frame at {JobBench.AnalysisWidth} px: video-s per wall-s vs the bare decode+{Model} loop";
    protected abstract string Model { get; }

    public async Task<IReadOnlyList<BenchmarkResult>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var video = TestAssets.Pedestrians;
        JobBench.BareLoop(video, Model, context); // warm caches and the model file
        var bare = JobBench.BareLoop(video, Model, context);
        var bareRate = bare.VideoSeconds / bare.Elapsed.TotalSeconds;
        context.Log($"bare loop: {bare.Frames} frames ({bare.VideoSeconds:0.#} s of video) in {bare.Elapsed.TotalSeconds:0.00} s: {bareRate:0.0} video-s/s, {bare.Frames / bare.Elapsed.TotalSeconds:0} fps");

        var node = await JobBench.StartNodeAsync(context);
        try
        {
            await JobBench.RunJobAsync(node, JobBench.Spec(video, Model), cancellationToken); // warm up the node's paths
            var (job, elapsed) = await JobBench.RunJobAsync(node, JobBench.Spec(video, Model), cancellationToken);
            var seconds = bare.VideoSeconds * job.Progress.FramesAnalysed / bare.Frames;
            var rate = seconds / elapsed.TotalSeconds;
            context.Log($"job: {job.Progress.FramesAnalysed} frames analysed, {job.Summary.EventCount} events in {elapsed.TotalSeconds:0.00} s: {rate:0.0} video-s/s, {job.Progress.FramesAnalysed / elapsed.TotalSeconds:0} fps");
            return
            [
                new BenchmarkResult($"{Name}", rate, "video-s/s", bareRate),
                new BenchmarkResult($"{Name}-bare", bareRate, "video-s/s"),
            ];
        }
        finally
        {
            await node.StopAsync(CancellationToken.None);
            await node.DisposeAsync();
        }
    }
}

public sealed class JobMotionThroughputBenchmark : JobThroughputBenchmark
{
    public override string Name => "jobs-throughput-motion";
    protected override string Model => "motion";
}

public sealed class JobBlazeFaceThroughputBenchmark : JobThroughputBenchmark
{
    public override string Name => "jobs-throughput-blazeface";
    protected override string Model => "face-front";
}
