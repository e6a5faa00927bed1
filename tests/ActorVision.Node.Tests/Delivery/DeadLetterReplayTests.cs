using System.Runtime.CompilerServices;
using System.Text.Json;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;
using Xunit.Abstractions;
using static ActorVision.Node.Tests.Delivery.DeliveryScenario;

namespace ActorVision.Node.Tests.Delivery;

/// <summary>Dead letters listed and replayed with the avctl process against a real node, to a real receiver.</summary>
public sealed class DeadLetterReplayTests(ITestOutputHelper output)
{
    private const string Secret = "test-secret-replay";

    [Fact]
    public async Task Dead_letters_replayed_with_avctl_reach_the_fixed_receiver_and_leave_the_list()
    {
        var port = TestPorts.Next();
        var fixedReceiver = new StrongBox<bool>(false);
        await using var receiver = await WebhookReceiver.StartAsync(port, Secret, _ => Volatile.Read(ref fixedReceiver.Value) ? 200 : 410);
        await using var node = await TestNode.StartAsync(FastSinkDefaults + $$"""
            actorvision.delivery.webhooks.hook { url = "http://127.0.0.1:{{port}}/events", secret = "{{Secret}}", max-attempts = 2 }
            """);
        await PlayFilesAsync(node, "lobby", "yard");
        var journal = await JournalAsync(node);
        await WaitForSinkAsync(node, "hook", h => h.DeadLetters == journal.Count && h.Pending == 0, "every event dead-lettered");

        // The operator looks: every event, with the receiver's reason.
        var listed = await ListAsync(node);
        Assert.Equal(journal.Count, Total(listed));
        var letters = listed.GetProperty("deadLetters").EnumerateArray().ToArray();
        Assert.Equal(journal.Select(e => e.Offset), letters.Select(l => long.Parse(l.GetProperty("offset").GetString()!)));
        Assert.All(letters, l => Assert.StartsWith("HTTP 410 Gone", l.GetProperty("lastError").GetString()));
        var table = await Avctl.RunAsync(node.GrpcAddress, ["delivery", "dead-letters", "ls"]);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("HTTP 410 Gone", table.Stdout);
        Assert.Contains($"{journal.Count} in all", table.Stdout);
        output.WriteLine("$ avctl delivery dead-letters ls\n" + table.Stdout);

        // The receiver is fixed. One dead letter first (an offset that holds none is named back), then the rest.
        Volatile.Write(ref fixedReceiver.Value, true);
        var first = journal[0];
        var one = await Avctl.RunAsync(node.GrpcAddress, ["delivery", "dead-letters", "replay", "--sink", "hook", "--offset", first.Offset.ToString(), "--offset", "999999"]);
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Contains("no dead letter at offset(s) 999999", one.Stdout);
        await receiver.WaitForAsync(a => a.Any(r => r.Offset == first.Offset), Long, "the replayed dead letter");
        await WaitForSinkAsync(node, "hook", h => h.DeadLetters == journal.Count - 1 && h.Replaying == 0, "one dead letter fewer");

        var all = await Avctl.RunAsync(node.GrpcAddress, ["delivery", "dead-letters", "replay", "--sink", "hook", "--all"]);
        Assert.True(all.ExitCode == 0, all.ToString());
        var ids = journal.Select(e => e.Id).ToHashSet();
        await receiver.WaitForAsync(a => ids.IsSubsetOf(a.Select(r => r.EventId)), Long, "every replayed dead letter");
        var health = await WaitForSinkAsync(node, "hook", h => h.DeadLetters == 0 && h.Replaying == 0, "no dead letters left");

        var accepted = receiver.Accepted;
        Assert.Equal(accepted.Count, accepted.Select(r => r.Offset).Distinct().Count()); // each replayed once
        Assert.All(accepted, r => Assert.True(r.SignatureValid, "a replayed event is signed like any other"));
        foreach (var camera in new[] { "lobby", "yard" })
            Assert.Equal(journal.Where(e => e.Event.CameraId == camera).Select(e => e.Offset), accepted.Where(r => r.CameraId == camera).Select(r => r.Offset));
        Assert.Equal(0, Total(await ListAsync(node)));
        output.WriteLine($"{journal.Count} dead letters after HTTP 410; replayed one, then --all: {all.Stdout.Trim()}; {health.Delivered} delivered");
    }

    [Fact]
    public async Task Replay_refuses_an_unknown_sink_and_a_request_that_names_nothing()
    {
        await using var node = await TestNode.StartAsync(FastSinkDefaults + """
            actorvision.delivery.webhooks.hook { url = "http://127.0.0.1:9/events" }
            """);
        var unknown = await Avctl.RunAsync(node.GrpcAddress, ["delivery", "dead-letters", "replay", "--sink", "nosuch", "--all"]);
        Assert.Equal(4, unknown.ExitCode);
        Assert.Contains("sink 'nosuch'", unknown.Stderr);
        var neither = await Avctl.RunAsync(node.GrpcAddress, ["delivery", "dead-letters", "replay", "--sink", "hook"]);
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("--offset", neither.Stderr);
        var badName = await Avctl.RunAsync(node.GrpcAddress, ["delivery", "dead-letters", "ls", "--sink", "../etc"]);
        Assert.Equal(3, badName.ExitCode);
        Assert.Contains("sink", badName.Stderr);
    }

    /// <summary>int64 fields are strings in protobuf's JSON mapping.</summary>
    private static long Total(JsonElement reply) => long.Parse(reply.GetProperty("total").GetString()!);

    private static async Task<JsonElement> ListAsync(TestNode node)
    {
        var result = await Avctl.RunAsync(node.GrpcAddress, ["delivery", "dead-letters", "ls", "--sink", "hook", "-o", "json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }
}
