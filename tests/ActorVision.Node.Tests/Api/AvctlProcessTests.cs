using System.Text.Json;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;

namespace ActorVision.Node.Tests.Api;

/// <summary>
/// The operator's path end to end: avctl run as a process against a node running as a process (with an API key), both
/// the built binaries. Exit codes and the one-line reasons are what scripts rely on, so they are asserted exactly.
/// </summary>
public sealed class AvctlProcessTests : IAsyncLifetime
{
    private const string ApiKey = "e2e-key-91ab-42c8f1";
    private readonly string _files = Directory.CreateTempSubdirectory("av-avctl-").FullName;
    private RtspTestServer _rtsp = null!;
    private NodeProcess _node = null!;

    public async Task InitializeAsync()
    {
        _rtsp = RtspTestServer.Start();
        _node = await NodeProcess.StartAsync("avctl-e2e", $$"""
            actorvision.api.api-key = "{{ApiKey}}"
            actorvision.cameras.status-interval = 200ms
            """);
    }

    public Task DisposeAsync()
    {
        _node.Dispose();
        _rtsp.Dispose();
        Directory.Delete(_files, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Camera_add_ls_status_rm_and_the_exit_codes_of_what_goes_wrong()
    {
        var added = await RunAsync("camera", "add", "lobby", "--url", _rtsp.CameraUrl, "--model", "motion", "--fps", "5",
            "--width", "320", "--height", "180");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.StartsWith("camera lobby added", added.Stdout.Trim());

        var again = await RunAsync("camera", "add", "lobby", "--url", _rtsp.Url("other"), "--model", "motion");
        Assert.True(again.ExitCode == 5, again.ToString());
        Assert.Equal("avctl: camera 'lobby' already exists: use `avctl camera update` to change it", OneLine(again.Stderr));

        var ls = await RunAsync("camera", "ls", "--output", "json");
        Assert.True(ls.ExitCode == 0, ls.ToString());
        using (var json = JsonDocument.Parse(ls.Stdout))
        {
            var lobby = json.RootElement.GetProperty("cameras").EnumerateArray().Single(c => c.GetProperty("spec").GetProperty("id").GetString() == "lobby");
            Assert.Equal("api", lobby.GetProperty("status").GetProperty("managedBy").GetString());
            Assert.Equal(_rtsp.CameraUrl, lobby.GetProperty("spec").GetProperty("sourceUrl").GetString());
        }

        var status = await RunAsync("camera", "status", "lobby", "--output", "json");
        Assert.True(status.ExitCode == 0, status.ToString());
        using (var json = JsonDocument.Parse(status.Stdout))
            Assert.Equal("CAMERA_STATE_STOPPED", json.RootElement.GetProperty("state").GetString());
        var table = await RunAsync("camera", "status", "lobby");
        Assert.Contains("lobby", table.Stdout);
        Assert.DoesNotContain("\u001b[", table.Stdout); // not a terminal: no colour codes

        // A rules file the CLI cannot read: usage error (2), nothing sent, the reason names the field.
        var typo = await WriteAsync("typo.json", """{"rules": [{"id": "door", "lineCrosing": {"a": {"x": 0.5, "y": 0.1}, "b": {"x": 0.5, "y": 0.9}}}]}""");
        var unreadable = await RunAsync("rules", "set", "lobby", typo);
        Assert.True(unreadable.ExitCode == 2, unreadable.ToString());
        var reason = OneLine(unreadable.Stderr);
        Assert.StartsWith($"avctl: rules file '{typo}'", reason);
        Assert.Contains("lineCrosing", reason);

        // A rules file the node refuses: invalid (3), the reason names the field by its path.
        var degenerate = await WriteAsync("degenerate.json", """{"rules": [{"id": "door", "lineCrossing": {"a": {"x": 0.5, "y": 0.5}, "b": {"x": 0.5, "y": 0.5}}}]}""");
        var refused = await RunAsync("rules", "set", "lobby", degenerate);
        Assert.True(refused.ExitCode == 3, refused.ToString());
        reason = OneLine(refused.Stderr);
        Assert.StartsWith("avctl: invalid request: rules[0].", reason);
        Assert.Contains(".b: ", reason);
        Assert.Contains("same point as a", reason);

        var good = await WriteAsync("door.json", """{"rules": [{"id": "door", "lineCrossing": {"a": {"x": 0.5, "y": 0.1}, "b": {"x": 0.5, "y": 0.9}}}]}""");
        var set = await RunAsync("rules", "set", "lobby", good);
        Assert.True(set.ExitCode == 0, set.ToString());

        var unknown = await RunAsync("camera", "status", "no-such-camera");
        Assert.True(unknown.ExitCode == 4, unknown.ToString());
        Assert.Contains("'no-such-camera'", OneLine(unknown.Stderr));

        var anonymous = await Avctl.RunAsync(_node.GrpcAddress, ["camera", "ls"]);
        Assert.True(anonymous.ExitCode == 6, anonymous.ToString());
        Assert.StartsWith("avctl: ", OneLine(anonymous.Stderr));

        var removed = await RunAsync("camera", "rm", "lobby");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Equal("camera lobby removed", removed.Stdout.Trim());
        var gone = await RunAsync("camera", "status", "lobby");
        Assert.True(gone.ExitCode == 4, gone.ToString());
        var after = await RunAsync("camera", "ls", "--output", "json");
        Assert.DoesNotContain("\"lobby\"", after.Stdout);
    }

    [Fact]
    public async Task Events_query_returns_what_a_camera_recorded()
    {
        var rules = await WriteAsync("walkway.json", """{"rules": [{"id": "walkway", "lineCrossing": {"a": {"x": 0.5, "y": 0.05}, "b": {"x": 0.5, "y": 0.95}}}]}""");
        var added = await RunAsync("camera", "add", "crossing", "--url", TestAssets.ScriptedCrossing, "--mode", "file", "--model", "motion",
            "--fps", "10", "--rules", rules, "--start");
        Assert.True(added.ExitCode == 0, added.ToString());

        var done = await Eventually.GetAsync(
            async () => await StatusJsonAsync("crossing"),
            s => s.GetProperty("state").GetString() is "CAMERA_STATE_COMPLETED" or "CAMERA_STATE_FAILED",
            TimeSpan.FromSeconds(120), "camera crossing completing its file");
        Assert.Equal("CAMERA_STATE_COMPLETED", done.GetProperty("state").GetString());
        var recorded = long.Parse(done.GetProperty("eventsTotal").GetString()!);
        Assert.True(recorded > 0, "the scripted crossing clip produced no event");

        // The index follows the journal: query until it holds every recorded event.
        var page = await Eventually.GetAsync(
            async () =>
            {
                var query = await RunAsync("events", "query", "--camera", "crossing", "--limit", "1000", "--output", "json");
                Assert.True(query.ExitCode == 0, query.ToString());
                return JsonDocument.Parse(query.Stdout).RootElement.Clone();
            },
            p => p.TryGetProperty("events", out var events) && events.GetArrayLength() == recorded,
            TimeSpan.FromSeconds(60), $"{recorded} events of crossing in the index");
        var events = page.GetProperty("events").EnumerateArray().ToArray();
        Assert.All(events, e => Assert.Equal("crossing", e.GetProperty("cameraId").GetString()));
        Assert.All(events, e => Assert.Equal("walkway", e.GetProperty("ruleId").GetString()));
        var offsets = events.Select(e => long.Parse(e.GetProperty("offset").GetString()!)).ToArray();
        Assert.Equal(offsets.Order(), offsets);

        // Paging: two at a time through --limit gives the first two, in the same order.
        var firstTwo = await RunAsync("events", "query", "--camera", "crossing", "--limit", "2", "--output", "json");
        Assert.True(firstTwo.ExitCode == 0, firstTwo.ToString());
        using var two = JsonDocument.Parse(firstTwo.Stdout);
        Assert.Equal(offsets.Take(2), two.RootElement.GetProperty("events").EnumerateArray().Select(e => long.Parse(e.GetProperty("offset").GetString()!)));

        var table = await RunAsync("events", "query", "--camera", "crossing");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("walkway", table.Stdout);
    }

    private Task<Avctl.Result> RunAsync(params string[] args) =>
        Avctl.RunAsync(_node.GrpcAddress, args, new Dictionary<string, string?> { ["AV_API_KEY"] = ApiKey });

    private async Task<JsonElement> StatusJsonAsync(string camera)
    {
        var status = await RunAsync("camera", "status", camera, "--output", "json");
        Assert.True(status.ExitCode == 0, status.ToString());
        return JsonDocument.Parse(status.Stdout).RootElement.Clone();
    }

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = Path.Combine(_files, name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    /// <summary>The reason avctl printed, checked to be exactly one line.</summary>
    private static string OneLine(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Assert.Single(lines);
    }
}
