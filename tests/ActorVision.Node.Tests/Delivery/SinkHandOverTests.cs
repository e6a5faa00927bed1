using System.Runtime.CompilerServices;
using ActorVision.Node.Tests.Cluster;
using ActorVision.Tests;
using Xunit.Abstractions;
using ActorVision.Delivery;
using static ActorVision.Node.Tests.Delivery.DeliveryScenario;

namespace ActorVision.Node.Tests.Delivery;

/// <summary>
/// A webhook sink on a cluster of two node processes (PostgreSQL): the node running the sink dies or leaves while the
/// receiver is down and events wait; the other node takes the sink over from its stored position.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class SinkHandOverTests(ITestOutputHelper output)
{
    private const string Secret = "test-secret-hand-over";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("killed")]
    [InlineData("left")]
    public async Task When_the_node_running_a_sink_is_gone_the_other_delivers_from_the_stored_position_losing_nothing(string how)
    {
        var port = TestPorts.Next();
        var open = new StrongBox<bool>(true);
        await using var receiver = await WebhookReceiver.StartAsync(port, Secret, _ => Volatile.Read(ref open.Value) ? 200 : 503);
        // Sinks run on the ingest nodes only: the observer (api role) asks them for their health through its proxy.
        await using var cluster = await ProcessCluster.StartAsync(2, FastSinkDefaults + $$"""
            actorvision.delivery { role = ingest }
            actorvision.delivery.webhooks.hook { url = "http://127.0.0.1:{{port}}/events", secret = "{{Secret}}" }
            """);
        await Eventually.GetAsync(() => Task.FromResult(cluster.UpMembers()), m => m.Count == 3, Deadline, "three members up", m => $"{m.Count} members up\n{cluster.Logs()}");
        await cluster.WaitForCameraRegionsAsync(2, Deadline);

        // lobby's events are delivered and the position after them stored.
        await PlayFilesAsync(cluster.Observer, "lobby");
        var before = await JournalAsync(cluster.Observer);
        var delivered = await WaitForSinkAsync(cluster.Observer, "hook", h => h.StoredPosition == before[^1].Offset && h.Pending == 0, "lobby delivered and stored");

        // The receiver goes down; yard's events wait in the sink.
        Volatile.Write(ref open.Value, false);
        await PlayFilesAsync(cluster.Observer, "yard");
        var journal = await JournalAsync(cluster.Observer);
        Assert.True(journal.Count > before.Count, "yard recorded events");
        var waiting = await WaitForSinkAsync(cluster.Observer, "hook", h => h.State == SinkState.Retrying && h.Pending > 0, "yard's events waiting");
        Assert.Equal(delivered.Node, waiting.Node);

        var running = cluster.NodeAt(waiting.Node);
        var survivor = cluster.Nodes.Single(n => n != running);
        var goneAt = DateTime.UtcNow;
        if (how == "killed") running.Kill(); // kill -9: no hand-over, the singleton restarts on the survivor once SBR downs the node
        else await running.TerminateAsync(Deadline); // SIGTERM: the node leaves, the sink stores its position and hands over
        Volatile.Write(ref open.Value, true);

        var ids = journal.Select(e => e.Id).ToHashSet();
        await receiver.WaitForAsync(a => ids.IsSubsetOf(a.Select(r => r.EventId)), Deadline, "every event after the hand-over");
        var taken = await WaitForSinkAsync(cluster.Observer, "hook", h => h.Node == survivor.Address && h.Position == journal[^1].Offset && h.Pending == 0,
            "the survivor caught up");
        var handOver = receiver.Accepted.First(r => r.CameraId == "yard").ReceivedAt - goneAt;

        var accepted = receiver.Accepted;
        // The stored position covered every event accepted before: nothing is sent twice, nothing skipped.
        Assert.Equal(accepted.Count, accepted.Select(r => r.Offset).Distinct().Count());
        foreach (var camera in new[] { "lobby", "yard" })
            Assert.Equal(journal.Where(e => e.Event.CameraId == camera).Select(e => e.Offset), accepted.Where(r => r.CameraId == camera).Select(r => r.Offset));
        Assert.Equal(0, taken.DeadLetters);
        output.WriteLine($"sink {how} on {running.Name}: {survivor.Name} took over from offset {before[^1].Offset} and delivered yard's " +
            $"{journal.Count - before.Count} events, the first {handOver.TotalSeconds:0.0} s after the node was {how}; {receiver.Requests.Count} requests in all");
    }
}
