using ActorVision.Cluster.Tests.Devices;
using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.CameraFile;
using ActorVision.Core.Cameras;
using ActorVision.Core.Confinement;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Core.Validation;
using ActorVision.Tests;

namespace ActorVision.Cluster.Tests.CameraFile;

/// <summary>The camera file format: the API's CameraSpec in HOCON, read strictly, rejected whole with paths that say where.</summary>
public sealed class CameraFileParserTests
{
    private static readonly CameraFileContext Context = new(
        new Dictionary<string, IReadOnlyList<string>> { ["motion"] = ["motion"], ["face-front"] = ["face"] },
        DefaultAnalysisFps: 5,
        ContentRoot: "/opt/actorvision",
        Sources: new SourcePolicy(["/opt/actorvision/media"], SourcePolicy.DefaultSchemes),
        Outputs: new OutputPolicy("/opt/actorvision/data"));

    /// <summary>The models hocon/models.conf ships, with the class names their labels (from setup) give them.</summary>
    private static CameraFileContext ShippedModels => Context with
    {
        ModelClasses = ModelCatalog.FromConfig(RouterFixture.ShippedModelsConfig, TestAssets.RepoRoot).ClassNamesByModel(),
    };

    [Fact]
    public void Kebab_camel_and_snake_keys_short_enums_durations_and_point_shorthands_all_read()
    {
        var entries = Parse("""
            cameras {
              door {
                name = "Door"
                source-url = "rtsp://cam/door"
                mode = live
                rtspTransport = udp
                models = [motion]
                analysis_fps = 2.5
                rules = [
                  { id = line, line-crossing { a = [0.5, 0.1], b = { x = 0.5, y = 0.9 }, direction = in } }
                  { id = hall, anchor = center, cooldown = 1500ms, zone { polygon = [[0, 0], [1, 0], [1, 1]], ignore-exit = on } }
                  { id = loiter, loitering { polygon = [[0, 0], [1, 0], [1, 1]], threshold = 2m } }
                ]
                outputs { hls-folder = "hls/door", snapshots = yes }
                start = off
              }
            }
            """);

        var entry = Assert.Single(entries);
        Assert.False(entry.Start);
        var spec = entry.Spec;
        Assert.Equal(("door", "Door", "rtsp://cam/door", SourceMode.Live, RtspTransport.Udp, 2.5), (spec.Id, spec.Name, spec.SourceUrl, spec.Mode, spec.RtspTransport, spec.AnalysisFps));
        Assert.Equal(["motion"], spec.Models);
        var line = Assert.IsType<LineCrossingRuleSpec>(spec.Rules[0]);
        Assert.Equal((new PointF(0.5f, 0.1f), new PointF(0.5f, 0.9f), CrossingDirection.In), (line.A, line.B, line.Direction));
        var zone = Assert.IsType<ZoneRuleSpec>(spec.Rules[1]);
        Assert.Equal((AnchorPoint.Center, TimeSpan.FromMilliseconds(1500), true, false), (zone.Anchor, zone.Cooldown, zone.ReportEnter, zone.ReportExit));
        Assert.Equal(TimeSpan.FromMinutes(2), Assert.IsType<LoiteringRuleSpec>(spec.Rules[2]).Threshold);
        Assert.Equal(("hls/door", true), (spec.Outputs.HlsFolder, spec.Outputs.Snapshots));
    }

    [Fact]
    public void Defaults_fill_what_is_left_out_and_relative_file_sources_start_at_the_content_root()
    {
        var entry = Assert.Single(Parse("""cameras { tape { source-url = "media/tape.mp4", mode = file, models = [motion] } }"""));
        Assert.True(entry.Start);
        Assert.Equal(("/opt/actorvision/media/tape.mp4", SourceMode.File, 5.0, "auto", RtspTransport.Tcp),
            (entry.Spec.SourceUrl, entry.Spec.Mode, entry.Spec.AnalysisFps, entry.Spec.Device, entry.Spec.RtspTransport));
    }

    [Theory]
    [InlineData("/etc/passwd", "outside the media roots")]
    [InlineData("concat:media/a.mp4|/etc/passwd", "'concat:'")]
    [InlineData("udp://@:9999", "'udp' is not allowed")]
    public void A_source_outside_the_media_roots_or_schemes_rejects_the_file_naming_the_camera(string source, string reason)
    {
        var errors = new List<FieldError>();
        var entries = CameraFileParser.Parse($$"""cameras { door { source-url = "{{source}}", models = [motion] } }""", Context, errors);

        Assert.Empty(entries);
        var error = Assert.Single(errors);
        Assert.Equal("cameras.door.source-url", error.Path);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void An_rtsp_transport_other_than_tcp_or_udp_rejects_the_file_naming_the_field()
    {
        var errors = new List<FieldError>();
        var entries = CameraFileParser.Parse("""cameras { door { source-url = "rtsp://cam/door", rtsp-transport = quic, models = [motion] } }""", Context, errors);

        Assert.Empty(entries);
        var error = Assert.Single(errors);
        Assert.Equal(("cameras.door.rtsp-transport", "'quic' is not tcp or udp"), (error.Path, error.Message));
    }

    [Fact]
    public void The_shipped_examples_are_valid()
    {
        var example = Parse(File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "hocon", "example-cameras.conf")));
        Assert.Equal(["lobby", "garage", "night-shift"], example.Select(e => e.Spec.Id));
        Assert.Equal("rtsp://10.20.0.30:554/garage", example[1].Spec.SourceUrl);

        // The demo's rules name COCO classes: checked against the shipped models.conf and the labels file setup writes.
        var errors = new List<FieldError>();
        var demo = CameraFileParser.Parse(File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "hocon", "example-demo-cameras.conf")), ShippedModels, errors);
        Assert.Empty(errors);
        Assert.Equal(["entrance", "faces", "archive"], demo.Select(e => e.Spec.Id));
        Assert.Equal("rtsp://127.0.0.1:8554/pedestrians", demo[0].Spec.SourceUrl);
        Assert.Equal(["people-vehicles"], demo[0].Spec.Models);
        Assert.Equal(["walkway", "crossing", "lingering"], demo[0].Spec.Rules.Select(r => r.Id));
        Assert.All(demo[0].Spec.Rules, r => Assert.Equal(["person"], r.Classes.Names));
        Assert.Equal(["coco"], demo[2].Spec.Models);
        Assert.Equal("hls/entrance", demo[0].Spec.Outputs.HlsFolder);
        Assert.True(demo[0].Spec.Outputs.Snapshots);
        Assert.Equal(["face-front"], demo[1].Spec.Models);
        Assert.Equal(("/opt/actorvision/media/pedestrians.mp4", SourceMode.File, "archive-annotated.mp4"),
            (demo[2].Spec.SourceUrl, demo[2].Spec.Mode, demo[2].Spec.Outputs.Mp4Path));
    }

    [Fact]
    public void Every_problem_is_reported_with_its_path_and_nothing_is_returned()
    {
        var errors = new List<FieldError>();
        var entries = CameraFileParser.Parse("""
            cameras {
              good { source-url = "rtsp://cam/good", models = [motion] }
              typo { source-url = "rtsp://cam/typo", models = [motion], analysis-fsp = 5 }
              enum { source-url = "rtsp://cam/enum", models = [motion], mode = sometimes }
              number { source-url = "rtsp://cam/n", models = [motion], analysis-width = wide }
              invalid { source-url = "rtsp://cam/i", models = [nope], analysis-fps = 500, rules = [{ id = z, zone { polygon = [[0, 0], [2, 0], [2, 2]] } }] }
              Upper { source-url = "rtsp://cam/u", models = [motion] }
              other { id = different, source-url = "rtsp://cam/o", models = [motion] }
              flag { source-url = "rtsp://cam/f", models = [motion], start = maybe }
            }
            """, Context, errors);

        Assert.Empty(entries);
        var paths = errors.Select(e => e.Path).ToArray();
        Assert.Contains("cameras.typo.analysis-fsp", paths);
        Assert.Contains("cameras.enum.mode", paths);
        Assert.Contains("cameras.number.analysis-width", paths);
        Assert.Contains("cameras.invalid.models[0]", paths);
        Assert.Contains("cameras.invalid.analysis-fps", paths);
        Assert.Contains(paths, p => p.StartsWith("cameras.invalid.rules[0].polygon", StringComparison.Ordinal));
        Assert.Contains("cameras.Upper", paths);
        Assert.Contains("cameras.other.id", paths);
        Assert.Contains("cameras.flag.start", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("cameras.good", StringComparison.Ordinal));
        Assert.Contains("live, file", errors.Single(e => e.Path == "cameras.enum.mode").Message);
    }

    [Theory]
    [InlineData("cameras { a = [ }", "not valid HOCON: line 1, column 17: '}' closes the '[' of line 1, column 15")]
    [InlineData("cameras { a { models = [motion }\n}", "not valid HOCON: line 1, column 32")]
    [InlineData("cameras { a { models = [motion]", "'{' is never closed")]
    [InlineData("cameras { a = [", "'[' is never closed")]
    [InlineData("cameras { } ]", "']' closes nothing")]
    [InlineData("cameras { a { name = \"door }", "a string is not closed")]
    [InlineData("cameras { a { source-url = ${nowhere} } }", "not valid HOCON")]
    [InlineData("cams { }", "is missing")]
    [InlineData("cameras = [1, 2]", "must be an object")]
    public void A_file_that_is_not_a_camera_list_is_rejected(string text, string problem)
    {
        var errors = new List<FieldError>();
        Assert.Empty(CameraFileParser.Parse(text, Context, errors));
        Assert.Contains(problem, Assert.Single(errors).Message);
    }

    [Theory]
    [InlineData("a { b = \"}\" }")]
    [InlineData("a { b = \"\"\"multi\n]line\"\"\" }")]
    [InlineData("a { b = 1 } # }\nc = [ // ]\n]")]
    [InlineData("a = ${b}\nb = { c = \"\\\"{\" }")]
    public void Brackets_in_strings_comments_and_substitutions_do_not_count(string text)
    {
        Assert.Null(ActorVision.Cluster.Configuration.HoconBrackets.Check(text));
    }

    [Fact]
    public void A_value_declared_with_env_takes_the_environment_variable_also_in_substitutions()
    {
        var text = File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "hocon", "example-demo-cameras.conf"));
        var errors = new List<FieldError>();
        var entries = CameraFileParser.Parse(text, ShippedModels, errors, name => name == "AV_DEMO_RTSP" ? "rtsp://10.1.2.3:8555" : null);
        Assert.Empty(errors);
        Assert.Equal(["rtsp://10.1.2.3:8555/pedestrians", "rtsp://10.1.2.3:8555/faces"], entries.Take(2).Select(e => e.Spec.SourceUrl));
    }

    [Fact]
    public void Example_files_in_the_configuration_folder_are_not_loaded_as_configuration()
    {
        var config = ActorVision.Cluster.Configuration.HoconFiles.Load(Path.Combine(TestAssets.RepoRoot, "hocon"), environment: _ => null);
        Assert.False(config.HasPath("cameras"));
        Assert.True(config.HasPath("actorvision.camera-file.poll-interval"));
    }

    [Fact]
    public void An_empty_list_is_valid_and_means_no_file_cameras()
    {
        Assert.Empty(Parse("cameras {}"));
    }

    private static IReadOnlyList<CameraFileEntry> Parse(string text)
    {
        var errors = new List<FieldError>();
        var entries = CameraFileParser.Parse(text, Context, errors, _ => null);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return entries;
    }
}
