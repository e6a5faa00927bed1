using System.CommandLine;
using ActorVision.Cli.Cameras;
using ActorVision.Cli.Commands;
using ActorVision.Cli.Errors;
using ActorVision.Cli.Tests.Support;
using ActorVision.Protocol.V1;
using ActorVision.Tests;

namespace ActorVision.Cli.Tests;

public class CameraSpecBuilderTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Parses a command line with the real option set of `camera add|update`.</summary>
    private static CameraFlags Parse(string commandLine)
    {
        var options = new CameraOptions();
        var command = new RootCommand();
        options.AddTo(command);
        var result = command.Parse(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(result.Errors);
        return options.Read(result);
    }

    [Fact]
    public void Add_from_flags_fills_the_spec()
    {
        var flags = Parse("lobby --url rtsp://cam-1/stream --model motion --model blazeface --mode file --fps 7.5 " +
                          "--width 640 --height 360 --device cuda:0 --hls data/hls/lobby --mp4 out/lobby.mp4 " +
                          "--rtsp-publish rtsp://relay/lobby --snapshots --loop --transport udp --name Lobby");

        var request = CameraSpecBuilder.ForAdd(flags, start: true);

        var spec = request.Spec;
        Assert.True(request.Start);
        Assert.Equal("lobby", spec.Id);
        Assert.Equal("Lobby", spec.Name);
        Assert.Equal("rtsp://cam-1/stream", spec.SourceUrl);
        Assert.Equal(["motion", "blazeface"], spec.Models);
        Assert.Equal(SourceMode.File, spec.Mode);
        Assert.Equal("udp", spec.RtspTransport);
        Assert.Equal(7.5, spec.AnalysisFps);
        Assert.Equal(640, spec.AnalysisWidth);
        Assert.Equal(360, spec.AnalysisHeight);
        Assert.Equal("cuda:0", spec.Device);
        Assert.Equal("data/hls/lobby", spec.Outputs.HlsFolder);
        Assert.Equal("out/lobby.mp4", spec.Outputs.Mp4Path);
        Assert.Equal("rtsp://relay/lobby", spec.Outputs.RtspPublishUrl);
        Assert.True(spec.Outputs.Snapshots);
        Assert.True(spec.Loop);
    }

    [Fact]
    public void Update_from_flags_sends_only_those_fields_in_the_mask()
    {
        var request = CameraSpecBuilder.ForUpdate(Parse("lobby --fps 10 --model motion --snapshots false --hls data/hls/x"));

        Assert.Equal(["analysis_fps", "models", "outputs.hls_folder", "outputs.snapshots"], request.UpdateMask.Paths.Order(StringComparer.Ordinal));
        Assert.Equal("lobby", request.Spec.Id);
        Assert.Equal(10, request.Spec.AnalysisFps);
        Assert.False(request.Spec.Outputs.Snapshots);
        Assert.Equal("", request.Spec.SourceUrl);
    }

    [Fact]
    public void Mask_paths_are_real_camera_spec_fields()
    {
        var request = CameraSpecBuilder.ForUpdate(Parse(
            "lobby --url u --name n --model m --mode live --transport tcp --fps 1 --width 2 --height 3 --device cpu " +
            $"--rules {Path.Combine(TestAssets.RepoRoot, "docs", "examples", "rules-entrance.json")} --hls h --mp4 m --rtsp-publish r --snapshots --loop"));

        foreach (var path in request.UpdateMask.Paths)
        {
            var parts = path.Split('.');
            var field = CameraSpec.Descriptor.FindFieldByName(parts[0]);
            Assert.NotNull(field);
            if (parts.Length == 2)
                Assert.NotNull(field.MessageType.FindFieldByName(parts[1]));
        }
        Assert.Equal(15, request.UpdateMask.Paths.Count);
    }

    [Fact]
    public void Update_with_a_spec_file_replaces_the_whole_spec()
    {
        var path = _files.Write("cam.json", """{"id": "lobby", "sourceUrl": "rtsp://cam/1", "analysisFps": 5}""");

        var request = CameraSpecBuilder.ForUpdate(Parse($"--spec {path} --fps 12"));

        Assert.Null(request.UpdateMask);
        Assert.Equal("rtsp://cam/1", request.Spec.SourceUrl);
        Assert.Equal(12, request.Spec.AnalysisFps);
    }

    [Fact]
    public void Flags_override_the_spec_file_and_the_id_may_come_from_either()
    {
        var path = _files.Write("cam.json", """{"id": "lobby", "sourceUrl": "rtsp://cam/1", "models": ["motion"]}""");

        var fromFile = CameraSpecBuilder.ForAdd(Parse($"--spec {path} --model blazeface"), false);
        var bothAgree = CameraSpecBuilder.ForAdd(Parse($"lobby --spec {path}"), false);

        Assert.Equal("lobby", fromFile.Spec.Id);
        Assert.Equal(["blazeface"], fromFile.Spec.Models);
        Assert.Equal("lobby", bothAgree.Spec.Id);
    }

    [Theory]
    [InlineData("garage --spec {0}", "camera id 'garage' differs from \"id\": \"lobby\"")]
    [InlineData("lobby", "camera add needs --url")]
    [InlineData("Lobby --url x", "camera id 'Lobby' is not valid")]
    [InlineData("-lobby --url x", "is not valid")]
    public void Add_rejects_what_the_node_would(string commandLine, string expected)
    {
        var path = _files.Write("cam.json", """{"id": "lobby"}""");
        var flags = commandLine.StartsWith('-')
            ? new CameraFlags { Id = "-lobby", Url = "x" }
            : Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, commandLine, path));

        var error = Assert.Throws<UsageException>(() => CameraSpecBuilder.ForAdd(flags, false));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Update_without_anything_to_change_is_a_usage_error()
    {
        var error = Assert.Throws<UsageException>(() => CameraSpecBuilder.ForUpdate(Parse("lobby")));

        Assert.Contains("nothing to change", error.Message);
    }

    [Fact]
    public void Bare_boolean_flags_mean_true_and_absent_ones_mean_unchanged()
    {
        Assert.True(Parse("lobby --loop").Loop);
        Assert.False(Parse("lobby --loop false").Loop);
        Assert.Null(Parse("lobby").Loop);
        Assert.Null(Parse("lobby").Snapshots);
    }
}
