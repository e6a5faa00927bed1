using System.Text.Json;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;
using Grpc.Health.V1;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Api;

/// <summary>
/// The declarative camera file on a real node: edits are applied as a diff within two polls (counted by the watcher,
/// not timed), an invalid edit changes nothing and is reported, the two doors keep out of each other's cameras, and a
/// restarted node removes file cameras the file no longer lists.
/// </summary>
public sealed class CameraFileTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("av-camera-file-").FullName;
    private string CameraFile => Path.Combine(_folder, "cameras.conf");
    private TestNode _node = null!;
    private GrpcClients _clients = null!;
    private RtspTestServer _rtsp = null!;

    public async Task InitializeAsync()
    {
        _rtsp = RtspTestServer.Start();
        await WriteAsync(Cameras(("gate", Camera(_rtsp.CameraUrl, fps: 2))));
        _node = await StartNodeAsync();
    }

    public async Task DisposeAsync()
    {
        _clients.Dispose();
        await _node.DisposeAsync();
        _rtsp.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Edits_are_applied_as_a_diff_within_two_polls()
    {
        var gate = await AppliedAsync(0);
        Assert.Equal(1, gate.Cameras);
        var camera = await CameraAsync("gate");
        Assert.Equal(("file", 2.0, V1.CameraState.Stopped), (camera.Status.ManagedBy, camera.Spec.AnalysisFps, camera.Status.State));

        // Changed and added.
        var before = await StatusAsync();
        await WriteAsync(Cameras(("gate", Camera(_rtsp.CameraUrl, fps: 4)), ("yard", Camera(_rtsp.CameraUrl, fps: 1))));
        var applied = await AppliedAsync(Long(before, "polls"));
        Assert.Equal(["updated gate", "added yard"], Strings(applied.Json, "changes"));
        Assert.Equal(4, (await CameraAsync("gate")).Spec.AnalysisFps);
        Assert.Equal("file", (await CameraAsync("yard")).Status.ManagedBy);

        // Removed.
        before = await StatusAsync();
        await WriteAsync(Cameras(("yard", Camera(_rtsp.CameraUrl, fps: 1))));
        applied = await AppliedAsync(Long(before, "polls"));
        Assert.Equal(["removed gate"], Strings(applied.Json, "changes"));
        var list = await _clients.Cameras.ListCamerasAsync(new V1.ListCamerasRequest());
        Assert.DoesNotContain(list.Cameras, c => c.Spec.Id == "gate");
    }

    [Fact]
    public async Task An_invalid_edit_changes_nothing_and_is_reported_until_fixed()
    {
        await AppliedAsync(0);
        var before = await StatusAsync();
        await WriteAsync(Cameras(("gate", Camera(_rtsp.CameraUrl, fps: 500)), ("extra", Camera(_rtsp.CameraUrl, fps: 1, model: "no-such-model"))));

        var rejected = await Eventually.GetAsync(StatusAsync, s => s.GetProperty("state").GetString() == "rejected",
            TimeSpan.FromSeconds(30), "the invalid file reported");
        // The rejecting poll may be the one already counted when the file was written (it reads after counting).
        Assert.InRange(Long(rejected, "rejectedAtPoll"), Long(before, "polls"), Long(before, "polls") + 2);
        var problems = rejected.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("path").GetString()).ToArray();
        Assert.Contains("cameras.gate.analysis-fps", problems);
        Assert.Contains("cameras.extra.models[0]", problems);
        Assert.Equal(2, (await CameraAsync("gate")).Spec.AnalysisFps);
        await RpcAssert.FailsAsync(Grpc.Core.StatusCode.NotFound, () => _clients.Cameras.GetCameraAsync(new V1.CameraIdRequest { CameraId = "extra" }));
        var health = new Health.HealthClient(_clients.Invoker);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing,
            (await health.CheckAsync(new HealthCheckRequest { Service = "actorvision.CameraFile" })).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);

        // Counted from the poll before the fix is written, not from the first apply: the rejected polls came between.
        var beforeFix = await StatusAsync();
        await WriteAsync(Cameras(("gate", Camera(_rtsp.CameraUrl, fps: 3))));
        await AppliedAsync(Long(beforeFix, "polls"));
        Assert.Equal(3, (await CameraAsync("gate")).Spec.AnalysisFps);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving,
            (await health.CheckAsync(new HealthCheckRequest { Service = "actorvision.CameraFile" })).Status);
    }

    [Fact]
    public async Task Neither_door_changes_the_other_doors_cameras()
    {
        await AppliedAsync(0);
        // The API owns "lobby"; the file then declares a camera of that id: it is left alone and reported.
        await _clients.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = CameraSpecs.Live("lobby", _rtsp.CameraUrl) });
        var before = await StatusAsync();
        await WriteAsync(Cameras(("gate", Camera(_rtsp.CameraUrl, fps: 2)), ("lobby", Camera(_rtsp.CameraUrl, fps: 1))));
        var applied = await AppliedAsync(Long(before, "polls"));
        Assert.Equal(["lobby"], Strings(applied.Json, "conflicts"));
        var lobby = await CameraAsync("lobby");
        Assert.Equal(("api", 5.0), (lobby.Status.ManagedBy, lobby.Spec.AnalysisFps));

        // The API cannot change or remove the file's camera.
        await RpcAssert.FailsAsync(Grpc.Core.StatusCode.FailedPrecondition,
            () => _clients.Cameras.RemoveCameraAsync(new V1.CameraIdRequest { CameraId = "gate" }));
    }

    [Fact]
    public async Task A_restarted_node_removes_file_cameras_the_file_no_longer_lists()
    {
        await AppliedAsync(0);
        await _node.StopAsync();
        _clients.Dispose();
        await WriteAsync(Cameras(("porch", Camera(_rtsp.CameraUrl, fps: 1))));

        _node = await StartNodeAsync(_node.DataFolder, _node.AkkaPort);
        var applied = await AppliedAsync(0);
        Assert.Equal(["added porch", "removed gate"], Strings(applied.Json, "changes"));
        var list = await _clients.Cameras.ListCamerasAsync(new V1.ListCamerasRequest());
        Assert.Equal(["porch"], list.Cameras.Select(c => c.Spec.Id));
    }

    private async Task<TestNode> StartNodeAsync(string? dataFolder = null, int? akkaPort = null)
    {
        var node = await TestNode.StartAsync($$"""
            actorvision.camera-file { path = "{{CameraFile}}", poll-interval = 300ms }
            """, dataFolder, akkaPort);
        _clients = new GrpcClients(node.GrpcAddress);
        return node;
    }

    private static string Camera(string url, double fps, string model = "motion") =>
        $$"""{ source-url = "{{url}}", models = [{{model}}], analysis-fps = {{fps.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, start = off }""";

    private static string Cameras(params (string Id, string Body)[] cameras) =>
        "cameras {\n" + string.Join("\n", cameras.Select(c => $"  {c.Id} {c.Body}")) + "\n}\n";

    /// <summary>Written whole, then renamed: the watcher never reads half a file.</summary>
    private async Task WriteAsync(string text)
    {
        var temporary = CameraFile + ".tmp";
        await File.WriteAllTextAsync(temporary, text);
        File.Move(temporary, CameraFile, overwrite: true);
    }

    private async Task<JsonElement> StatusAsync()
    {
        using var http = new HttpClient();
        var json = await http.GetStringAsync(new Uri(_node.HttpAddress, "/camera-file"));
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>Waits until content written after poll <paramref name="pollsBefore"/> is applied, and checks it took at most two polls.</summary>
    private async Task<(JsonElement Json, int Cameras)> AppliedAsync(long pollsBefore)
    {
        var status = await Eventually.GetAsync(StatusAsync,
            s => s.GetProperty("state").GetString() == "applied" && Long(s, "appliedAtPoll") > pollsBefore,
            TimeSpan.FromSeconds(60), "the camera file applied");
        var appliedAt = Long(status, "appliedAtPoll");
        if (pollsBefore > 0) Assert.True(appliedAt <= pollsBefore + 2, $"applied at poll {appliedAt}, written after poll {pollsBefore}");
        return (status, status.GetProperty("cameras").GetInt32());
    }

    private async Task<V1.Camera> CameraAsync(string id) =>
        (await _clients.Cameras.GetCameraAsync(new V1.CameraIdRequest { CameraId = id })).Camera;

    /// <summary>protobuf's JSON writes 64-bit integers as strings.</summary>
    private static long Long(JsonElement json, string property) => long.Parse(json.GetProperty(property).GetString()!);

    private static string[] Strings(JsonElement json, string property) =>
        json.TryGetProperty(property, out var array) ? array.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];
}
