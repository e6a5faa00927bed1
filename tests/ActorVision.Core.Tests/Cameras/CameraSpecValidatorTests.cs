using ActorVision.Core.Cameras;
using ActorVision.Core.Confinement;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;

namespace ActorVision.Core.Tests.Cameras;

public sealed class CameraSpecValidatorTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Models =
        new Dictionary<string, IReadOnlyList<string>> { ["motion"] = ["motion"], ["people"] = ["person", "car"] };

    // Neither folder exists: paths are checked as written where nothing is on disk to resolve.
    private static readonly SourcePolicy Sources = new(["/media"], SourcePolicy.DefaultSchemes);
    private static readonly OutputPolicy Outputs = new("/var/lib/actorvision-validator-test");

    private static IReadOnlyList<Validation.FieldError> Validate(CameraSpec spec) => CameraSpecValidator.Validate(spec, Models, Sources, Outputs);

    private static readonly CameraSpec Valid = new() { Id = "gate-1", SourceUrl = "rtsp://cam.local:554/main", Models = ["people"] };

    [Fact]
    public void A_complete_spec_is_valid() => Assert.Empty(Validate(Valid with
    {
        Name = "Gate 1",
        AnalysisFps = 12.5,
        AnalysisWidth = 1280,
        AnalysisHeight = 720,
        Device = "cuda:1",
        Rules = [new ZoneRuleSpec { Id = "yard", Polygon = Polygon.Rectangle(0, 0.5f, 1, 1), Classes = ClassFilter.Of("person") }],
        Outputs = new CameraOutputs { HlsFolder = "hls/gate-1", Mp4Path = "records/gate-1.mp4", RtspPublishUrl = "rtsp://mediamtx/gate-1", Snapshots = true },
    }));

    public static IEnumerable<object[]> Invalid() =>
    [
        [Valid with { Id = "Gate 1" }, "id", "not a valid camera id"],
        [Valid with { Id = "" }, "id", "not a valid camera id"],
        [Valid with { SourceUrl = "" }, "sourceUrl", "is required"],
        [Valid with { SourceUrl = "ftp://host/x" }, "sourceUrl", "'ftp:' (an FFmpeg protocol or scheme ActorVision does not read) is not allowed"],
        [Valid with { SourceUrl = "/etc/passwd" }, "sourceUrl", "outside the media roots"],
        [Valid with { SourceUrl = "rtsp://" }, "sourceUrl", "no host"],
        [Valid with { RtspTransport = (RtspTransport)7 }, "rtspTransport", "not tcp or udp"],
        [Valid with { Models = [] }, "models", "at least one model"],
        [Valid with { Models = ["yolo"] }, "models[0]", "unknown model 'yolo'; known: motion, people"],
        [Valid with { Models = ["motion", "motion"] }, "models", "listed twice"],
        [Valid with { Device = "gpu" }, "device", "auto, cpu, cuda:<n> or tensorrt:<n>"],
        [Valid with { AnalysisFps = 0 }, "analysisFps", "out of range"],
        [Valid with { AnalysisFps = 120 }, "analysisFps", "out of range"],
        [Valid with { AnalysisWidth = 641 }, "analysisWidth", "must be even"],
        [Valid with { AnalysisHeight = -2 }, "analysisHeight", "out of range"],
        [Valid with { Loop = true }, "loop", "only applies to file mode"],
        [Valid with { Outputs = new CameraOutputs { RtspPublishUrl = "http://x/y" } }, "outputs.rtspPublishUrl", "rtsp://"],
        [Valid with { Outputs = new CameraOutputs { RtspPublishUrl = "rtsp://mediamtx/a\nb" } }, "outputs.rtspPublishUrl", "control character"],
        [Valid with { Outputs = new CameraOutputs { HlsFolder = "../../etc" } }, "outputs.hlsFolder", ".."],
        [Valid with { Outputs = new CameraOutputs { HlsFolder = "/tmp/hls" } }, "outputs.hlsFolder", "outside the data folder"],
        [Valid with { Outputs = new CameraOutputs { Mp4Path = "/etc/cron.d/x.mp4" } }, "outputs.mp4Path", "outside the data folder"],
        [Valid with { Outputs = new CameraOutputs { Mp4Path = "rec\nhls_segment_filename=/tmp/x.mp4" } }, "outputs.mp4Path", "control character"],
        [Valid with { Outputs = new CameraOutputs { Mp4Path = "rec.avi" } }, "outputs.mp4Path", "must end in .mp4"],
        [Valid with { Outputs = new CameraOutputs { BitrateKbps = 10 } }, "outputs.bitrateKbps", "out of range"],
        [Valid with { Rules = [new ZoneRuleSpec { Id = "z", Polygon = Polygon.Rectangle(0, 0, 1, 1), Classes = ClassFilter.Of("face") }] }, "rules[0].classes[0]", "face"],
    ];

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_problem_names_its_field(CameraSpec spec, string field, string message)
    {
        var errors = Validate(spec);

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = Validate(Valid with { Id = "X", AnalysisFps = -1, Models = ["nope"] });
        Assert.Equal(["analysisFps", "id", "models[0]"], errors.Select(e => e.Path).Order());
    }

    [Fact]
    public void A_file_camera_may_loop_and_use_a_file_url()
    {
        Assert.Empty(Validate(Valid with { SourceUrl = "/media/archive.mp4", Mode = SourceMode.File, Loop = true }));
        Assert.Empty(Validate(Valid with { SourceUrl = "file:///media/archive.mp4", Mode = SourceMode.File }));
        Assert.Empty(Validate(Valid with { SourceUrl = "archive.mp4", Mode = SourceMode.File }));
    }
}
