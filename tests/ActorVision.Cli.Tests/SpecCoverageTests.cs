using ActorVision.Cli.Cameras;
using ActorVision.Protocol.V1;

namespace ActorVision.Cli.Tests;

public class SpecCoverageTests
{
    private static CameraSpec Requested() => new()
    {
        Id = "lobby",
        SourceUrl = "rtsp://admin:hunter2@cam/s",
        Models = { "motion" },
        AnalysisFps = 5,
        Outputs = new CameraOutputs { Snapshots = true },
    };

    [Fact]
    public void The_stored_camera_with_node_defaults_and_a_redacted_url_is_ours()
    {
        var stored = Requested();
        stored.SourceUrl = "rtsp://admin:***@cam/s";
        stored.Device = "auto";
        stored.Mode = SourceMode.Live;
        stored.Outputs.BitrateKbps = 2000;

        Assert.True(SpecCoverage.Covers(Requested(), stored));
    }

    [Fact]
    public void A_different_camera_under_the_same_id_is_not_ours()
    {
        var otherSource = Requested();
        otherSource.SourceUrl = "rtsp://other/s";
        var otherModels = Requested();
        otherModels.Models.Add("blazeface");
        var otherOutputs = Requested();
        otherOutputs.Outputs.Snapshots = false;

        Assert.False(SpecCoverage.Covers(Requested(), otherSource));
        Assert.False(SpecCoverage.Covers(Requested(), otherModels));
        Assert.False(SpecCoverage.Covers(Requested(), otherOutputs));
    }
}
