using ActorVision.Cluster.Jobs;
using ActorVision.Core.Confinement;
using ActorVision.Core.Validation;
using ActorVision.Tests;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Cluster.Tests.Jobs;

/// <summary>A job's input goes through the sources policy cameras share, and a live stream is never a job.</summary>
public sealed class JobSpecValidatorTests
{
    private static readonly JobSpecValidator Validator = new(
        new SourcePolicy([TestAssets.Media], SourcePolicy.DefaultSchemes),
        new Dictionary<string, IReadOnlyList<string>> { ["motion"] = ["motion"] },
        JobSettings.Default);

    private static (AnalysisJobSpec? Spec, List<FieldError> Errors) Validate(string input)
    {
        var errors = new List<FieldError>();
        return (Validator.Validate(new V1.JobSpec { Input = input }, errors), errors);
    }

    [Fact]
    public void A_file_under_the_media_root_resolves_to_its_real_path()
    {
        var (spec, errors) = Validate("pedestrians.mp4");
        Assert.Empty(errors);
        Assert.Equal(("pedestrians.mp4", TestAssets.Pedestrians), (spec!.Input, spec.ResolvedInput));
    }

    [Theory]
    [InlineData("/etc/passwd", "outside the media roots")]
    [InlineData("file:///etc/shadow", "outside the media roots")]
    [InlineData("concat:pedestrians.mp4|/etc/passwd", "'concat:'")]
    [InlineData("rtsp://cam.local/live", "live stream")]
    [InlineData("udp://@:9999", "live stream")]
    [InlineData("https://cdn/clip.mp4?listen=1", "listen")]
    public void Inputs_outside_the_policy_or_live_are_refused_naming_spec_input(string input, string reason)
    {
        var (spec, errors) = Validate(input);
        Assert.Null(spec);
        var error = Assert.Single(errors);
        Assert.Equal("spec.input", error.Path);
        Assert.Contains(reason, error.Message);
    }
}
