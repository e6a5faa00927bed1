using ActorVision.Tests;
using ActorVision.Node.Tests.Support;
using ActorVision.Protocol.V1;
using Xunit.Abstractions;

namespace ActorVision.Node.Tests.Jobs;

/// <summary>
/// Three nodes as processes on one PostgreSQL database. The node running a job is killed (SIGKILL) mid-way: the job
/// resumes on a survivor from its last checkpoint and ends with exactly the events of an uninterrupted run, ids included.
/// </summary>
public sealed class JobFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(4);

    private static JobSpec Spec(string video)
    {
        // The slow model (gated by motion) makes the job last long enough to be killed in the middle.
        var spec = JobsClient.Spec(video, everyFrame: true, "motion", "slow");
        spec.Rules.Add(new Rule
        {
            Id = "left-half",
            Zone = new ZoneRule { Polygon = { new Point { X = 0, Y = 0 }, new Point { X = 0.5f, Y = 0 }, new Point { X = 0.5f, Y = 1 }, new Point { X = 0, Y = 1 } } },
        });
        return spec;
    }

    [Fact]
    public async Task A_job_whose_node_is_killed_completes_elsewhere_with_the_events_of_an_uninterrupted_run()
    {
        var video = Path.GetFileName(JobMedia.Crossing("crossing-3min.mp4", 180));
        var requestId = Guid.NewGuid().ToString("N");

        await using var database = await PostgresDatabase.CreateAsync();
        var ports = new[] { TestPorts.Next(), TestPorts.Next(), TestPorts.Next() };
        var seeds = string.Join(", ", ports.Select(p => $"\"akka.tcp://actorvision@127.0.0.1:{p}\""));
        var hocon = $$"""
            {{database.Hocon}}
            {{JobNodeFixture.Hocon()}}
            actorvision.node.seed-nodes = [{{seeds}}]
            akka.cluster.split-brain-resolver.stable-after = 3s
            """;
        var nodes = new List<NodeProcess>();
        try
        {
            foreach (var (port, i) in ports.Select((p, i) => (p, i)))
                nodes.Add(await NodeProcess.StartAsync("n" + i, hocon, port));
            await WaitForClusterAsync(nodes);

            using var first = new JobsClient(nodes[0].GrpcAddress);
            var submitted = await first.SubmitAsync(Spec(video), requestId);
            var running = await first.WaitAsync(submitted.Id,
                j => j.State == JobState.Running && j.Progress.FramesDone > 600 && j.Summary.EventCount > 0, Long);
            var victim = nodes.Single(n => n.Address == running.Node);
            output.WriteLine($"killing {victim.Name} ({victim.Address}) at frame {running.Progress.FramesDone}, {running.Summary.EventCount} events");
            victim.Kill();

            var survivor = nodes.First(n => n != victim);
            using var client = new JobsClient(survivor.GrpcAddress);
            var done = await client.WaitFinishedAsync(submitted.Id, Long);
            output.WriteLine(done.ToString());
            Assert.Equal(JobState.Completed, done.State);
            Assert.NotEqual(victim.Address, done.Node);
            Assert.True(done.Attempts >= 2, "the job was resumed by another attempt");
            Assert.Equal(1800, done.Progress.FramesAnalysed);
            var resumed = EventIds(await client.ResultsAsync(done.Id, ResultFormat.Jsonl));

            // The same submit (same request id, so the same job id) on a fresh single node, uninterrupted.
            await using var reference = await TestNode.StartAsync(JobNodeFixture.Hocon());
            using var referenceClient = new JobsClient(reference.GrpcAddress);
            var again = await referenceClient.SubmitAsync(Spec(video), requestId);
            Assert.Equal(submitted.Id, again.Id);
            var uninterrupted = await referenceClient.WaitFinishedAsync(again.Id, Long);
            Assert.Equal(JobState.Completed, uninterrupted.State);
            Assert.Equal(1, uninterrupted.Attempts);
            var expected = EventIds(await referenceClient.ResultsAsync(again.Id, ResultFormat.Jsonl));

            Assert.True(expected.Count > 40, $"the scene should be eventful, got {expected.Count} events");
            Assert.Equal(expected.Count, resumed.Count); // nothing recorded twice
            Assert.Equal(expected.ToHashSet(), resumed.ToHashSet());
            Assert.Equal(uninterrupted.Summary.PerRule, done.Summary.PerRule);
        }
        catch
        {
            foreach (var node in nodes) output.WriteLine($"--- {node.Name}\n{Tail(node.Log())}");
            throw;
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
        }
    }

    private static List<string> EventIds(string jsonl) =>
        jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => AnalyticsEvent.Parser.ParseJson(line).Id).ToList();

    /// <summary>Every node has been welcomed into the cluster (Akka logs it when a join is accepted).</summary>
    private static async Task WaitForClusterAsync(IReadOnlyList<NodeProcess> nodes)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        // The first seed founds the cluster; each other node logs the welcome it got.
        while (!nodes.Skip(1).All(n => n.Log().Contains("Welcome from", StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the nodes did not form a cluster");
            await Task.Delay(200);
        }
    }

    private static string Tail(string log) => log.Length > 6000 ? log[^6000..] : log;
}
