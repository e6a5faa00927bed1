using ActorVision.Tests;
using System.Net;
using System.Text.Json;
using ActorVision.Node.Tests.Support;

namespace ActorVision.Node.Tests.Observability;

/// <summary><c>/ready</c> is green only when the node is an Up member, its stores answer and its routers loaded; <c>/healthz</c> says alive regardless.</summary>
public sealed class ReadinessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_node_that_joined_with_reachable_persistence_and_loaded_routers_is_ready()
    {
        await using var node = await TestNode.StartAsync();
        using var http = new HttpClient { BaseAddress = node.HttpAddress };

        var (status, body) = await Eventually.GetAsync(() => ReadyAsync(http), r => r.Status == HttpStatusCode.OK, Timeout,
            "/ready green", r => $"{r.Status}: {r.Body}");

        Assert.Equal(HttpStatusCode.OK, status);
        var checks = Checks(body);
        Assert.Equal(["cluster", "persistence", "devices", "disk", "capacity"], checks.Keys.ToArray());
        Assert.All(checks.Values, c => Assert.True(c.Ok, c.Detail));
        Assert.Contains("cpu", checks["devices"].Detail);
        Assert.Contains("free of", checks["disk"].Detail);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        Assert.False(json.RootElement.GetProperty("degraded").GetBoolean());
    }

    [Fact]
    public async Task A_node_that_has_not_joined_its_cluster_is_alive_but_not_ready()
    {
        // The only seed is a port nobody listens on: the node keeps trying to join and never becomes Up.
        var seed = $"akka.tcp://actorvision@127.0.0.1:{TestPorts.Next()}";
        await using var node = await TestNode.StartAsync($"""actorvision.node.seed-nodes = ["{seed}"]""");
        using var http = new HttpClient { BaseAddress = node.HttpAddress };

        // Persistence and routers do become ready; membership alone holds readiness back.
        var (status, body) = await Eventually.GetAsync(() => ReadyAsync(http),
            r => Checks(r.Body) is var c && c.TryGetValue("devices", out var d) && d.Ok && c.TryGetValue("persistence", out var p) && p.Ok, Timeout,
            "persistence and routers ready", r => $"{r.Status}: {r.Body}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var cluster = Checks(body)["cluster"];
        Assert.False(cluster.Ok);
        Assert.Contains("not up", cluster.Detail);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_node_whose_database_does_not_answer_is_not_ready_and_says_why_only_in_its_log()
    {
        // PostgreSQL on a port nobody listens on: every journal and snapshot query fails.
        var port = TestPorts.Next();
        await using var node = await TestNode.StartAsync($$"""
            actorvision.persistence {
              provider = postgresql
              postgresql-connection-string = "Host=127.0.0.1;Port={{port}};Database=none;Username=none;Password=none;Timeout=2"
            }
            """);
        using var http = new HttpClient { BaseAddress = node.HttpAddress };
        var logged = ActorVision.Node.Tests.Cluster.SystemWarnings.WaitFor(node.System, text => text.StartsWith("readiness:", StringComparison.Ordinal));

        var (status, body) = await Eventually.GetAsync(() => ReadyAsync(http),
            r => Checks(r.Body).TryGetValue("cluster", out var c) && c.Ok, Timeout, "cluster up", r => $"{r.Status}: {r.Body}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var persistence = Checks(body)["persistence"];
        Assert.False(persistence.Ok);
        Assert.Equal("database unreachable", persistence.Detail);
        Assert.DoesNotContain($"{port}", body);
        Assert.Contains("journal", await logged.WaitAsync(Timeout));
    }

    private static async Task<(HttpStatusCode Status, string Body)> ReadyAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/ready");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, (bool Ok, string Detail)> Checks(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!,
            c => (c.GetProperty("ok").GetBoolean(), c.GetProperty("detail").GetString()!));
    }
}
