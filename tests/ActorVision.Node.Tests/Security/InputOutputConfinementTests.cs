using System.Net;
using ActorVision.Node.Tests.Api;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;
using Grpc.Core;
using Xunit.Abstractions;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Security;

/// <summary>
/// A real node process, asked through its API to read what it must not (local files outside the media roots, FFmpeg's
/// helper protocols, a listening socket, an HLS playlist pulling local files) or to write where it must not (absolute
/// paths, '..', newlines that would inject muxer options, '%'): each request is refused with a clear error naming the
/// field, the node keeps serving its healthy camera, and nothing is written outside its data folder.
/// </summary>
public sealed class InputOutputConfinementTests(ConfinedNode node, ITestOutputHelper output) : IClassFixture<ConfinedNode>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string, string> ForbiddenSources => new()
    {
        { "file:///etc/passwd", "outside the media roots" },
        { "/etc/shadow", "outside the media roots" },
        { $"concat:{TestAssets.Media}/pedestrians.mp4|/etc/passwd", "'concat:'" },
        { "subfile,,start,0,end,0,,:/etc/passwd", "'subfile:'" },
        { "udp://@:9999", "URL scheme 'udp' is not allowed" },
        { "rtsp://0.0.0.0:8554/live", "wildcard address" },
        { "http://127.0.0.1:8080/live?listen=1", "listen" },
        { $"{TestAssets.Media}/../../../etc/passwd", "contains '..'" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenSources))]
    public async Task A_camera_source_outside_the_policy_is_refused_at_registration_naming_the_field(string url, string reason)
    {
        var spec = CameraSpecs.Live("forbidden-source", url);

        var error = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => node.Grpc.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec, Start = true }));

        Assert.Equal(["spec.sourceUrl"], RpcAssert.FieldViolations(error));
        Assert.Contains(reason, error.Status.Detail);
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => node.Grpc.Cameras.GetCameraAsync(new V1.CameraIdRequest { CameraId = spec.Id }));
        await node.AssertHealthyAsync();
    }

    [Fact]
    public async Task An_update_that_points_a_camera_at_a_file_outside_the_media_roots_is_refused_and_the_camera_keeps_its_source()
    {
        var stored = (await node.Grpc.Cameras.GetCameraAsync(new V1.CameraIdRequest { CameraId = ConfinedNode.Healthy })).Camera.Spec;
        var changed = stored.Clone();
        changed.SourceUrl = "/etc/passwd";

        var error = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => node.Grpc.Cameras.UpdateCameraAsync(new V1.UpdateCameraRequest { Spec = changed }));

        Assert.Equal(["spec.sourceUrl"], RpcAssert.FieldViolations(error));
        var now = await node.Grpc.Cameras.GetCameraAsync(new V1.CameraIdRequest { CameraId = ConfinedNode.Healthy });
        Assert.Equal(stored.SourceUrl, now.Camera.Spec.SourceUrl);
        await node.AssertHealthyAsync();
    }

    [Theory]
    [InlineData("/etc/shadow", "outside the media roots")]
    [InlineData("file:///etc/passwd", "outside the media roots")]
    [InlineData("concat:pedestrians.mp4|/etc/passwd", "'concat:'")]
    [InlineData("rtsp://127.0.0.1:8554/live", "live stream")]
    public async Task A_job_input_outside_the_policy_is_refused_at_submission(string input, string reason)
    {
        var jobs = new V1.Jobs.JobsClient(node.Grpc.Invoker);

        var error = await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => jobs.SubmitJobAsync(new V1.SubmitJobRequest { Spec = new V1.JobSpec { Input = input } }));

        Assert.Equal(["spec.input"], RpcAssert.FieldViolations(error));
        Assert.Contains(reason, error.Status.Detail);
    }

    [Fact]
    public async Task An_HLS_playlist_over_http_that_pulls_local_files_fails_the_camera_without_reading_a_frame()
    {
        var spec = CameraSpecs.Live("playlist-pulls-files", node.Web.Url(ConfinedNode.LocalFilePlaylist));
        spec.Mode = V1.SourceMode.File;

        await node.Grpc.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec, Start = true });
        var camera = await Eventually.GetAsync(
            () => node.Grpc.Cameras.GetCameraAsync(new V1.CameraIdRequest { CameraId = spec.Id }).ResponseAsync,
            c => c.Camera.Status.State == V1.CameraState.Failed, Timeout, "the camera failed", c => $"{c.Camera.Status.State}: {c.Camera.Status.Reason}");

        var status = camera.Camera.Status;
        output.WriteLine(status.Reason);
        Assert.Contains("refused: the playlist lists", status.Reason);
        Assert.Equal(0, status.FramesIn);
        Assert.True(node.Web.Requests > 0, "the node fetched the playlist");
        await node.AssertHealthyAsync();
    }

    public static TheoryData<string, string, string> ForbiddenOutputs => new()
    {
        { "hls", $"{ConfinedNode.OutsidePath}/hls", "outside the data folder" },
        { "hls", "../../outside", "'..'" },
        { "hls", "hls/a%d", "'%'" },
        { "hls", $"hls/x\nhls_segment_filename={ConfinedNode.OutsidePath}/seg-%d.ts", "control character" },
        { "mp4", $"{ConfinedNode.OutsidePath}/recording.mp4", "outside the data folder" },
        { "mp4", $"rec\nmethod=PUT\nhls_segment_filename={ConfinedNode.OutsidePath}/seg.mp4", "control character" },
        { "mp4", "/etc/cron.d/evil.mp4", "outside the data folder" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenOutputs))]
    public async Task An_output_path_outside_the_data_folder_is_refused_and_nothing_is_written(string kind, string path, string reason)
    {
        var spec = CameraSpecs.ScriptedCrossing("forbidden-output");
        spec.Outputs = kind == "hls" ? new V1.CameraOutputs { HlsFolder = path } : new V1.CameraOutputs { Mp4Path = path };

        var error = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => node.Grpc.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = spec, Start = true }));

        Assert.Equal([kind == "hls" ? "spec.outputs.hlsFolder" : "spec.outputs.mp4Path"], RpcAssert.FieldViolations(error).Distinct());
        Assert.Contains(reason, error.Status.Detail);
        Assert.Empty(Directory.EnumerateFileSystemEntries(ConfinedNode.OutsidePath));
        Assert.False(File.Exists("/etc/cron.d/evil.mp4"));
        await node.AssertHealthyAsync();
    }
}

/// <summary>
/// One node process for the confinement tests: media roots as shipped (the repository's media/), a healthy file
/// camera looping over the scripted crossing, a web server with a playlist whose segments are local files, and a
/// folder outside the data folder that must stay empty.
/// </summary>
public sealed class ConfinedNode : IAsyncLifetime
{
    public const string Healthy = "healthy";
    public const string LocalFilePlaylist = "local-files.m3u8";

    /// <summary>Outside the node's data folder; written to only if confinement fails.</summary>
    public static string OutsidePath { get; } = Directory.CreateTempSubdirectory("av-outside-").FullName;

    private NodeProcess _node = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public GrpcClients Grpc { get; private set; } = null!;
    public LoopbackWebServer Web { get; } = new();

    public async Task InitializeAsync()
    {
        // Real media a playlist could pull if FFmpeg let it: a video under the media root and the node's own secrets.
        Web.Serve(LocalFilePlaylist, "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n"
            + $"#EXTINF:10.0,\nfile:{TestAssets.TestSource360p}\n#EXTINF:10.0,\nfile:/etc/passwd\n#EXT-X-ENDLIST\n");
        _node = await NodeProcess.StartAsync("confined", "actorvision.cameras { open-timeout = 5s, read-timeout = 5s }");
        await _node.WaitUntilReadyAsync();
        Grpc = new GrpcClients(_node.GrpcAddress);
        var healthy = CameraSpecs.ScriptedCrossing(Healthy);
        healthy.Loop = true;
        healthy.Outputs = new V1.CameraOutputs { HlsFolder = "hls/healthy" };
        await Grpc.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = healthy, Start = true });
        await Eventually.GetAsync(() => Grpc.Cameras.GetCameraAsync(new V1.CameraIdRequest { CameraId = Healthy }).ResponseAsync,
            c => c.Camera.Status.State == V1.CameraState.Running, TimeSpan.FromSeconds(60), "the healthy camera runs", c => $"{c.Camera.Status.State}: {c.Camera.Status.Reason}");
        await Eventually.GetAsync(() => Task.FromResult(File.Exists(HealthyPlaylist)), exists => exists, TimeSpan.FromSeconds(60),
            "the healthy camera's playlist in the data folder");
    }

    private string HealthyPlaylist => Path.Combine(_node.Folder, "data", "hls", "healthy", "index.m3u8");

    /// <summary>The node answers /healthz, its healthy camera still runs, and nothing appeared outside its data folder.</summary>
    public async Task AssertHealthyAsync()
    {
        Assert.True(_node.IsRunning, _node.Log());
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(new Uri(_node.HttpAddress, "/healthz"))).StatusCode);
        var healthy = await Grpc.Cameras.GetCameraAsync(new V1.CameraIdRequest { CameraId = Healthy });
        Assert.Equal(V1.CameraState.Running, healthy.Camera.Status.State);
        Assert.Empty(Directory.EnumerateFileSystemEntries(OutsidePath));
        Assert.True(File.Exists(HealthyPlaylist), "the healthy camera writes inside the data folder");
    }

    public Task DisposeAsync()
    {
        Grpc?.Dispose();
        _node?.Dispose();
        Web.Dispose();
        _http.Dispose();
        Directory.Delete(OutsidePath, recursive: true);
        return Task.CompletedTask;
    }
}
