using ActorVision.Tests;
using ActorVision.Cluster.Hosting;
using ActorVision.Node.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using ActorVision.Delivery;
using static ActorVision.Node.Tests.Delivery.DeliveryScenario;

namespace ActorVision.Node.Tests.Delivery;

/// <summary>Webhook sinks on a real node, with real file cameras producing events and a real Kestrel receiver.</summary>
public sealed class WebhookDeliveryTests(ITestOutputHelper output)
{
    private const string Secret = "test-secret-4f1c";

    [Fact]
    public async Task A_receiver_that_is_down_then_failing_then_up_gets_every_event_once_signed_and_in_order_per_camera()
    {
        var port = TestPorts.Next();
        var secretVariable = "AV_TEST_WEBHOOK_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(secretVariable, Secret);
        await using var node = await TestNode.StartAsync(FastSinkDefaults + $$"""
            actorvision.delivery.webhooks.hook { url = "http://127.0.0.1:{{port}}/events", secret-env = "{{secretVariable}}" }
            """);
        await PlayFilesAsync(node, "lobby", "yard");
        var journal = await JournalAsync(node);
        Assert.True(journal.Count(e => e.Event.CameraId == "lobby") >= 4 && journal.Count(e => e.Event.CameraId == "yard") >= 4,
            $"both cameras produced events: {journal.Count}");

        // Nobody listens yet: the sink keeps every event and retries.
        var down = await WaitForSinkAsync(node, "hook", h => h.Failures >= 2 && h.Delivered == 0 && h.State == SinkState.Retrying, "retrying a refused connection");
        Assert.Contains("connection refused", down.LastError);
        Assert.Equal(0, down.DeadLetters);

        // The receiver comes up and refuses its first three requests, then takes everything.
        await using var receiver = await WebhookReceiver.StartAsync(port, Secret, n => n <= 3 ? 503 : 200);
        var ids = journal.Select(e => e.Id).ToHashSet();
        await receiver.WaitForAsync(accepted => ids.IsSubsetOf(accepted.Select(r => r.EventId)), Long, "every journal event accepted");

        var accepted = receiver.Accepted;
        Assert.Equal(ids.Order(), accepted.Select(r => r.EventId).Distinct().Order());
        Assert.Equal(accepted.Count, accepted.Select(r => r.EventId).Distinct().Count()); // nothing twice
        Assert.All(receiver.Requests, r => Assert.True(r.SignatureValid, $"signature of {r.EventId} verifies"));
        Assert.Equal(3, receiver.Requests.Count(r => r.Status == 503));
        foreach (var camera in new[] { "lobby", "yard" })
        {
            var arrived = accepted.Where(r => r.CameraId == camera).Select(r => r.Offset).ToArray();
            Assert.Equal(journal.Where(e => e.Event.CameraId == camera).Select(e => e.Offset), arrived);
        }

        var health = await WaitForSinkAsync(node, "hook", h => h.Position == journal[^1].Offset && h.LagEvents == 0 && h.Pending == 0, "caught up");
        Assert.Equal(0, health.DeadLetters);
        Assert.Equal(SinkState.Delivering, health.State);

        // The same health over HTTP, as an operator reads it; the secret shows nowhere.
        using var http = new HttpClient();
        var status = await http.GetStringAsync(new Uri(node.HttpAddress, "/delivery"));
        Assert.Contains("\"name\":\"hook\"", status);
        Assert.Contains("\"state\":\"Delivering\"", status);
        Assert.DoesNotContain(Secret, status);
        output.WriteLine($"{journal.Count} events of two cameras delivered after {down.Failures} refused connections and 3 answers 503; " +
            $"{receiver.Requests.Count} requests in all. A body: {accepted.First(r => r.Type == "LineCrossed").Body}");
        output.WriteLine("GET /delivery: " + status);
        var metrics = await http.GetStringAsync(new Uri(node.HttpAddress, "/metrics"));
        Assert.Contains("actorvision_delivery_delivered_total{", metrics);
        Assert.Contains("actorvision_delivery_failures_total{", metrics);
    }

    [Fact]
    public async Task A_receiver_answering_503_429_and_408_for_longer_than_max_attempts_gets_every_event_in_order_per_camera()
    {
        const int busyRequests = 24;
        int[] busy = [503, 429, 408, 502];
        var port = TestPorts.Next();
        // Busy for the first requests (429 asks for a second's pause), then healthy.
        await using var receiver = await WebhookReceiver.StartAsync(port, Secret,
            n => n <= busyRequests ? busy[n % busy.Length] : 200,
            n => n <= busyRequests && busy[n % busy.Length] == 429 ? "1" : null);
        await using var node = await TestNode.StartAsync(FastSinkDefaults + $$"""
            actorvision.delivery.webhooks.hook { url = "http://127.0.0.1:{{port}}/events", secret = "{{Secret}}", max-attempts = 2 }
            """);
        await PlayFilesAsync(node, "lobby", "yard");
        var journal = await JournalAsync(node);
        var ids = journal.Select(e => e.Id).ToHashSet();

        await receiver.WaitForAsync(accepted => ids.IsSubsetOf(accepted.Select(r => r.EventId)), Long, "every journal event accepted");
        var health = await WaitForSinkAsync(node, "hook", h => h.Position == journal[^1].Offset && h.Pending == 0, "caught up");

        Assert.Equal(0, health.DeadLetters);
        Assert.True(health.Failures >= busyRequests, $"{health.Failures} failed attempts, {busyRequests} expected");
        var accepted = receiver.Accepted;
        Assert.Equal(accepted.Count, accepted.Select(r => r.EventId).Distinct().Count()); // nothing twice
        foreach (var camera in new[] { "lobby", "yard" })
            Assert.Equal(journal.Where(e => e.Event.CameraId == camera).Select(e => e.Offset), accepted.Where(r => r.CameraId == camera).Select(r => r.Offset));

        // The receiver's Retry-After is honoured: after each 429 the same event came back no sooner than a second later.
        var requests = receiver.Requests;
        var paused = requests.Select((r, i) => (r, i)).Where(x => x.r.Status == 429).Select(x =>
            requests.Skip(x.i + 1).First(next => next.Offset == x.r.Offset).ReceivedAt - x.r.ReceivedAt).ToArray();
        Assert.NotEmpty(paused);
        Assert.All(paused, wait => Assert.True(wait >= TimeSpan.FromMilliseconds(950), $"retried {wait.TotalMilliseconds:0} ms after a 429 with Retry-After: 1"));
        output.WriteLine($"{journal.Count} events of two cameras delivered after {busyRequests} answers 503/429/408/502 with max-attempts 2: " +
            $"{requests.Count} requests, {health.Failures} failures, no dead letters; waits after 429: {string.Join(", ", paused.Select(p => $"{p.TotalSeconds:0.0} s"))}");
    }

    [Fact]
    public async Task A_restarted_node_resumes_after_the_delivered_position_and_resends_nothing()
    {
        var port = TestPorts.Next();
        await using var receiver = await WebhookReceiver.StartAsync(port, Secret);
        // A long commit interval: the position after the last event is stored only by the hand-over on shutdown.
        var hocon = FastSinkDefaults + $$"""
            actorvision.delivery.webhooks.hook { url = "http://127.0.0.1:{{port}}/events", secret = "{{Secret}}", commit-interval = 10m }
            """;
        var first = await TestNode.StartAsync(hocon);
        IReadOnlyList<JournalEvent> before;
        try
        {
            await PlayFilesAsync(first, "lobby");
            before = await JournalAsync(first);
            var ids = before.Select(e => e.Id).ToHashSet();
            await receiver.WaitForAsync(a => ids.IsSubsetOf(a.Select(r => r.EventId)), Long, "the first run's events");
            Report("webhook, healthy receiver", receiver.Accepted.Select(r => r.ReceivedAt - r.WallTime));
            await first.StopAsync();
        }
        catch
        {
            await first.DisposeAsync();
            throw;
        }

        await using var second = await TestNode.StartAsync(hocon, dataFolder: first.DataFolder, akkaPort: first.AkkaPort);
        await PlayFilesAsync(second, "yard");
        var all = await JournalAsync(second);
        var offsets = all.Select(e => e.Offset).ToHashSet();
        await receiver.WaitForAsync(a => offsets.IsSubsetOf(a.Select(r => r.Offset)), Long, "the second run's events");
        var health = await WaitForSinkAsync(second, "hook", h => h.Position == all[^1].Offset && h.Pending == 0, "caught up after the restart");

        // The restarted node also plays lobby's file again (remember-entities restarts the camera), recording the same
        // event ids at new offsets: the journal holds them twice, so they are delivered twice and receivers de-duplicate
        // by event id. What the sink guarantees is per journal entry: each delivered once here, none of the first run again.
        var accepted = receiver.Accepted;
        var twice = accepted.GroupBy(r => r.Offset).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.True(twice.Length == 0, $"offsets delivered twice: {string.Join(",", twice)}");
        Assert.Equal(all.Select(e => e.Offset), accepted.Select(r => r.Offset).Order());
        Assert.Equal(all.Select(e => e.Id).Order(), accepted.Select(r => r.EventId).Order());
        Assert.True(all.Count > before.Count, "the second run added events");
        output.WriteLine($"first run {before.Count} events up to offset {before[^1].Offset}; after the restart {health.Delivered} delivered, {all.Count - before.Count} new journal entries");
        Assert.True(health.Delivered == all.Count - before.Count, $"after the restart the sink delivered {health.Delivered}, the {all.Count - before.Count} new events");
    }

    [Fact]
    public async Task A_dead_receiver_ends_in_dead_letters_with_the_reason_and_other_sinks_and_cameras_carry_on()
    {
        var healthyPort = TestPorts.Next();
        var gonePort = TestPorts.Next();
        var closedPort = TestPorts.Next();
        await using var healthy = await WebhookReceiver.StartAsync(healthyPort, Secret);
        await using var gone = await WebhookReceiver.StartAsync(gonePort, Secret, _ => 410);
        await using var node = await TestNode.StartAsync(FastSinkDefaults + $$"""
            actorvision.delivery.webhooks {
              healthy { url = "http://127.0.0.1:{{healthyPort}}/events", secret = "{{Secret}}" }
              gone { url = "http://127.0.0.1:{{gonePort}}/old-hook", secret = "{{Secret}}", max-attempts = 3 }
              refused { url = "http://127.0.0.1:{{closedPort}}/events", max-attempts = 2, dead-letter-unreachable = true }
            }
            """);
        await PlayFilesAsync(node, "lobby");
        var journal = await JournalAsync(node);
        var ids = journal.Select(e => e.Id).ToHashSet();

        await healthy.WaitForAsync(a => ids.IsSubsetOf(a.Select(r => r.EventId)), Long, "every event at the healthy receiver");
        var goneHealth = await WaitForSinkAsync(node, "gone", h => h.DeadLetters == journal.Count && h.Pending == 0, "every event dead-lettered");
        var refusedHealth = await WaitForSinkAsync(node, "refused", h => h.DeadLetters == journal.Count && h.Pending == 0, "every event dead-lettered");
        Assert.Equal(journal[^1].Offset, goneHealth.Position);
        Assert.Equal(journal[^1].Offset, refusedHealth.Position);
        Assert.Equal(3 * journal.Count, gone.Requests.Count);

        var settings = node.Services.GetRequiredService<ActorVisionSettings>();
        await using var store = new DeliveryStore(settings.Persistence, JournalTagTable.Default);
        var goneLetters = await store.DeadLettersAsync("gone", 0, 1000);
        Assert.Equal(ids.Order(), goneLetters.Select(l => l.EventId).Order());
        Assert.All(goneLetters, l =>
        {
            Assert.Equal(3, l.Attempts);
            Assert.StartsWith("HTTP 410 Gone: receiver says no", l.LastError);
            Assert.Contains(l.EventId, l.Payload);
        });
        var refusedLetters = await store.DeadLettersAsync("refused", 0, 1000);
        Assert.Equal(journal.Count, refusedLetters.Count);
        Assert.All(refusedLetters, l => Assert.Equal("connection refused", l.LastError));

        Assert.Equal(0, (await HealthAsync(node)).Single(h => h.Name == "healthy").DeadLetters);
        output.WriteLine($"{journal.Count} events: {goneLetters.Count} dead letters after 3 attempts ('{goneLetters[0].LastError}'), " +
            $"{refusedLetters.Count} after 2 ('{refusedLetters[0].LastError}'), {healthy.Accepted.Count} delivered by the healthy sink");
        Assert.Equal(healthy.Accepted.Count, healthy.Accepted.Select(r => r.EventId).Distinct().Count());
    }

    private void Report(string what, IEnumerable<TimeSpan> latencies)
    {
        var sorted = latencies.Select(l => l.TotalMilliseconds).Order().ToArray();
        output.WriteLine($"delivery latency ({what}), event recorded -> receiver, n={sorted.Length}: " +
            $"median {sorted[sorted.Length / 2]:0} ms, p95 {sorted[(int)(sorted.Length * 0.95)]:0} ms, max {sorted[^1]:0} ms");
    }
}
