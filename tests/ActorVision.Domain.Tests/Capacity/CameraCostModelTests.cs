using ActorVision.Domain.Capacity;
using static ActorVision.Domain.Tests.Capacity.CapacityFixtures;

namespace ActorVision.Domain.Tests.Capacity;

public class CameraCostModelTests
{
    [Fact]
    public void A_camera_costs_its_base_share_plus_pixels_times_analysed_fps_times_its_model_cost()
    {
        var cost = Costs.Declared(Camera("door", 1920, 1080, 5));

        // 2.0736 MP x 5 fps x 10 ms per MP = 0.10368 cores, plus 0.01 for the camera itself.
        Assert.Equal(0.01 + 2.0736 * 5 * 10 / 1000, cost.Cores, 6);
        Assert.Equal("1920x1080 at 5 fps with motion", cost.Description);
    }

    [Fact]
    public void A_1080p_camera_weighs_about_nine_times_a_360p_one_with_the_same_model_and_rate()
    {
        var big = Costs.CoresAt(Camera("big", 1920, 1080), 5) - Costs.CameraBaseCores;
        var small = Costs.CoresAt(Camera("small", 640, 360), 5) - Costs.CameraBaseCores;

        Assert.Equal(9, big / small, 6);
    }

    [Fact]
    public void Each_model_of_a_camera_adds_its_cost_and_an_unlisted_model_costs_the_default()
    {
        var motionOnly = Costs.CoresAt(Camera("a", models: "motion"), 5);
        var both = Costs.CoresAt(Camera("b", models: ["motion", "face-back"]), 5);
        var unlisted = Costs.CoresAt(Camera("c", models: "people"), 5);

        var perModelMs = 0.2304 * 5 / 1000;
        Assert.Equal(40 * perModelMs, both - motionOnly, 6);
        Assert.Equal(20 * perModelMs, unlisted - Costs.CameraBaseCores, 6);
    }

    [Fact]
    public void A_model_with_a_fixed_input_costs_mostly_per_frame_so_a_1080p_camera_with_it_is_not_nine_360p_ones()
    {
        var big = Costs.CoresAt(Camera("big", 1920, 1080, models: "coco"), 5) - Costs.CameraBaseCores;
        var small = Costs.CoresAt(Camera("small", 640, 360, models: "coco"), 5) - Costs.CameraBaseCores;

        // (13 + 4 x 2.0736) / (13 + 4 x 0.2304) ms a frame.
        Assert.Equal((13 + 4 * 2.0736) / (13 + 4 * 0.2304), big / small, 6);
        Assert.InRange(big / small, 1.4, 1.6);
    }

    [Fact]
    public void A_spec_that_keeps_the_source_size_is_costed_at_the_default_width_in_16_by_9()
    {
        Assert.Equal((640, 360), Costs.AnalysisSize(Camera("a", 0, 0)));
        Assert.Equal((1280, 720), Costs.AnalysisSize(Camera("b", 1280, 0)));
        Assert.Equal((320, 180), Costs.AnalysisSize(Camera("c", 0, 180)));
    }

    [Fact]
    public void A_camera_that_analyses_nothing_costs_only_its_base_share()
    {
        Assert.Equal(Costs.CameraBaseCores, Costs.CoresAt(Camera("a", 1920, 1080), 0), 9);
    }
}
