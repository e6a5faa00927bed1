using ActorVision.Core.Confinement;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Core.Validation;
using ActorVision.Domain.Jobs;

namespace ActorVision.Domain.Tests.Jobs;

/// <summary>A submitted job is checked whole, every problem named by its API field path, and completed before it is queued.</summary>
public sealed class JobSpecValidatorTests : IDisposable
{
    private readonly DirectoryInfo _media = Directory.CreateTempSubdirectory("av-jobspec-");
    private readonly JobSpecValidator _validator;

    public JobSpecValidatorTests()
    {
        File.WriteAllText(Path.Combine(_media.FullName, "yard.mp4"), "video");
        var models = new Dictionary<string, IReadOnlyList<string>> { ["motion"] = ["motion"], ["faces"] = ["face"] };
        _validator = new JobSpecValidator(new SourcePolicy([_media.FullName], SourcePolicy.DefaultSchemes), models, defaultAnalysisFps: 5);
    }

    public void Dispose() => _media.Delete(recursive: true);

    private static AnalysisJobSpec Submitted(string input = "yard.mp4") => new() { Input = input, ResolvedInput = "" };

    private (AnalysisJobSpec? Spec, List<FieldError> Errors) Validate(AnalysisJobSpec submitted)
    {
        var errors = new List<FieldError>();
        return (_validator.Validate(submitted, errors), errors);
    }

    [Fact]
    public void A_minimal_submit_is_completed_with_the_resolved_input_and_the_defaults()
    {
        var (spec, errors) = Validate(Submitted() with { Submitter = "  ana " });

        Assert.Empty(errors);
        Assert.Equal(Path.Combine(_media.FullName, "yard.mp4"), spec!.ResolvedInput);
        Assert.Equal("yard.mp4", spec.Input);
        Assert.Equal(["motion"], spec.Models);
        Assert.Equal(5, spec.AnalysisFps);
        Assert.Equal("ana", spec.Submitter);
        Assert.Equal("anonymous", Validate(Submitted()).Spec!.Submitter);
    }

    [Fact]
    public void Every_frame_takes_no_rate_and_keeps_it_at_zero()
    {
        Assert.Equal(0, Validate(Submitted() with { EveryFrame = true }).Spec!.AnalysisFps);
        var (spec, errors) = Validate(Submitted() with { EveryFrame = true, AnalysisFps = 10 });
        Assert.Null(spec);
        Assert.Equal("spec.analysisFps", Assert.Single(errors).Path);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_field_path()
    {
        var (spec, errors) = Validate(new AnalysisJobSpec
        {
            Input = "../etc/passwd",
            ResolvedInput = "/etc/passwd",
            Models = ["motion", "yolo", "motion"],
            AnalysisFps = 500,
            AnalysisWidth = 641,
            AnalysisHeight = 99_999,
            Submitter = new string('x', 201),
            Rules = [new LineCrossingRuleSpec { Id = "door", A = new PointF(0.5f, 0), B = new PointF(0.5f, 0), Classes = ClassFilter.Of("car") }],
        });

        Assert.Null(spec);
        var paths = errors.Select(e => e.Path).ToHashSet();
        Assert.Superset(new HashSet<string> { "spec.input", "spec.models[1]", "spec.models", "spec.analysisFps", "spec.analysisWidth", "spec.analysisHeight", "spec.submitter" }, paths);
        Assert.Contains(errors, e => e.Path.StartsWith("spec.rules[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void A_job_over_the_limits_is_refused_naming_them_and_over_the_rule_cap_for_that_alone()
    {
        var limited = new JobSpecValidator(new SourcePolicy([_media.FullName], SourcePolicy.DefaultSchemes),
            new Dictionary<string, IReadOnlyList<string>> { ["motion"] = ["motion"] }, 5, ActorVision.Core.Cameras.CameraLimits.Create(640 * 360, 2, 5));
        RuleSpec Line(string id) => new LineCrossingRuleSpec { Id = id, A = new PointF(0.5f, 0), B = new PointF(0.5f, 1) };
        var errors = new List<FieldError>();

        Assert.Null(limited.Validate(Submitted("missing.mp4") with { AnalysisWidth = 1280, AnalysisHeight = 720 }, errors));
        Assert.Equal(["spec.analysisWidth", "spec.input"], errors.Select(e => e.Path));
        errors.Clear();
        Assert.Null(limited.Validate(Submitted("missing.mp4") with { Rules = [Line("a"), Line("b"), Line("c")] }, errors));
        Assert.Equal("spec.rules", Assert.Single(errors).Path);
    }

    [Fact]
    public void The_resolved_input_of_a_submit_is_never_trusted()
    {
        var (spec, errors) = Validate(Submitted("missing.mp4") with { ResolvedInput = Path.Combine(_media.FullName, "yard.mp4") });
        Assert.Null(spec);
        Assert.Equal(JobSpecValidator.InputField, Assert.Single(errors).Path);
    }

    [Fact]
    public void Problems_found_while_reading_the_submit_stay_first_and_the_validators_follow()
    {
        var errors = new List<FieldError> { new("spec.rules[0]", "has no kind") };
        var spec = _validator.Validate(Submitted() with { Models = ["yolo"] }, errors);
        Assert.Null(spec);
        Assert.Equal(["spec.rules[0]", "spec.models[0]"], errors.Select(e => e.Path));
    }

    [Theory]
    [InlineData("/etc/passwd", "outside the media roots")]
    [InlineData("file:///etc/shadow", "outside the media roots")]
    [InlineData("concat:yard.mp4|/etc/passwd", "'concat:'")]
    [InlineData("rtsp://cam.local/live", "live stream")]
    [InlineData("udp://@:9999", "live stream")]
    [InlineData("https://cdn/clip.mp4?listen=1", "listen")]
    public void Inputs_outside_the_sources_policy_or_live_are_refused_naming_spec_input(string input, string reason)
    {
        var (spec, errors) = Validate(Submitted(input));
        Assert.Null(spec);
        var error = Assert.Single(errors);
        Assert.Equal(JobSpecValidator.InputField, error.Path);
        Assert.Contains(reason, error.Message);
    }
}
