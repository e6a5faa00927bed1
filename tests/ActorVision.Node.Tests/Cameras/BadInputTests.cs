using ActorVision.Core.Cameras;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Node.Tests.Cameras;

/// <summary>Bad sources and specs give a clear reason; the other cameras of the node are unaffected.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private RtspTestServer _server = null!;
    private TestNode _node = null!;
    private Support.Cameras _cameras = null!;
    private string _scratch = null!;

    public async Task InitializeAsync()
    {
        _server = RtspTestServer.Start(("crossing", TestAssets.ScriptedCrossing));
        _scratch = Directory.CreateTempSubdirectory("av-bad-input-").FullName;
        // The broken files below are written to a scratch folder, which must be a media root to be read at all.
        _node = await TestNode.StartAsync($$"""
            actorvision.cameras { open-timeout = 3s, read-timeout = 3s }
            actorvision.sources.media-roots = ["{{TestAssets.Media}}", "{{_scratch}}"]
            """);
        _cameras = new Support.Cameras(await _node.CameraRegionAsync());
        // A healthy neighbour that must keep running through everything below.
        await _cameras.RegisterAsync(CameraScenes.Crossing("healthy", _server.Url("crossing")));
        await _cameras.WaitForStateAsync("healthy", CameraRunState.Running, TimeSpan.FromSeconds(20));
    }

    public async Task DisposeAsync()
    {
        var healthy = await _cameras.GetAsync("healthy");
        await _node.DisposeAsync();
        _server.Dispose();
        Directory.Delete(_scratch, recursive: true);
        Assert.Equal(CameraRunState.Running, healthy.Status.State);
    }

    private async Task<CameraStatus> Analyse(CameraSpec spec, CameraRunState expected)
    {
        await _cameras.RegisterAsync(spec);
        var view = await _cameras.WaitForStateAsync(spec.Id, expected, TimeSpan.FromSeconds(30));
        var healthy = await _cameras.GetAsync("healthy");
        Assert.Equal(CameraRunState.Running, healthy.Status.State);
        return view.Status;
    }

    [Fact]
    public async Task A_refused_connection_keeps_the_camera_reconnecting_with_the_reason()
    {
        var status = await Analyse(new CameraSpec { Id = "nobody-home", SourceUrl = $"rtsp://user:secret@127.0.0.1:{TestPorts.Next()}/cam", Models = ["motion"] },
            CameraRunState.Reconnecting);
        Assert.Contains("refused", status.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret", status.Reason);
    }

    [Fact]
    public async Task An_unknown_stream_on_a_live_server_keeps_the_camera_reconnecting_with_the_reason()
    {
        var status = await Analyse(new CameraSpec { Id = "wrong-path", SourceUrl = _server.Url("no-such-mount"), Models = ["motion"] },
            CameraRunState.Reconnecting);
        Assert.False(string.IsNullOrWhiteSpace(status.Reason));
    }

    [Fact]
    public async Task A_file_that_is_not_a_video_fails_the_camera_with_the_reason()
    {
        var text = Path.Combine(_scratch, "notes.mp4");
        await File.WriteAllTextAsync(text, "these are meeting notes, not a video\n");
        var status = await Analyse(new CameraSpec { Id = "notes", SourceUrl = text, Mode = SourceMode.File, Models = ["motion"] },
            CameraRunState.Failed);
        Assert.Contains("video", status.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_missing_file_fails_the_camera_with_the_reason()
    {
        var status = await Analyse(new CameraSpec { Id = "gone", SourceUrl = Path.Combine(_scratch, "gone.mp4"), Mode = SourceMode.File, Models = ["motion"] },
            CameraRunState.Failed);
        Assert.Contains("gone.mp4", status.Reason);
    }

    [Fact]
    public async Task A_truncated_file_ends_with_a_reason_after_the_frames_it_has()
    {
        var truncated = Path.Combine(_scratch, "truncated.mp4");
        var bytes = await File.ReadAllBytesAsync(TestAssets.Pedestrians);
        await File.WriteAllBytesAsync(truncated, bytes.AsSpan(0, bytes.Length / 3).ToArray());
        var status = await Analyse(new CameraSpec { Id = "truncated", SourceUrl = truncated, Mode = SourceMode.File, Models = ["motion"] },
            CameraRunState.Failed);
        Assert.False(string.IsNullOrWhiteSpace(status.Reason));
    }

    [Fact]
    public async Task An_invalid_rule_set_is_rejected_whole_and_nothing_changes()
    {
        var spec = CameraScenes.Crossing("strict", _server.Url("crossing")) with
        {
            Rules =
            [
                CameraScenes.MiddleLine,
                new ZoneRuleSpec { Id = "bow-tie", Polygon = Polygon.Of(new(0.1f, 0.1f), new(0.9f, 0.9f), new(0.9f, 0.1f), new(0.1f, 0.9f)) },
                new LineCrossingRuleSpec { Id = "dot", A = new PointF(0.3f, 0.3f), B = new PointF(0.3f, 0.3f), Classes = ClassFilter.Of("persn") },
            ],
        };

        var reply = await _cameras.SendAsync(new RegisterCamera(spec, CameraOwner.Api, Start: true));

        var rejected = Assert.IsType<CameraRejected>(reply);
        Assert.Equal(RejectionKind.Invalid, rejected.Kind);
        Assert.Contains(rejected.Errors, e => e.Path.StartsWith("rules[1]", StringComparison.Ordinal));
        Assert.Contains(rejected.Errors, e => e.Path.StartsWith("rules[2]", StringComparison.Ordinal));
        Assert.IsType<CameraRejected>(await _cameras.SendAsync(new GetCamera("strict")));
    }

    [Fact]
    public async Task An_unknown_model_is_rejected_naming_the_known_ones()
    {
        var reply = await _cameras.SendAsync(new RegisterCamera(
            new CameraSpec { Id = "typo", SourceUrl = _server.Url("crossing"), Models = ["yolo-people"] }, CameraOwner.Api, Start: true));

        var rejected = Assert.IsType<CameraRejected>(reply);
        var error = Assert.Single(rejected.Errors);
        Assert.Equal("models[0]", error.Path);
        Assert.Contains("motion", error.Message);
    }
}
