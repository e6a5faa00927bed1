using ActorVision.Domain.Capacity;
using static ActorVision.Domain.Tests.Capacity.CapacityFixtures;

namespace ActorVision.Domain.Tests.Capacity;

public class AdmissionTests
{
    private static readonly CameraCost Expensive = new(0.5, "1920x1080 at 5 fps with motion");

    [Fact]
    public void A_camera_is_admitted_when_some_node_has_room_for_it_as_that_node_scales_costs()
    {
        var nodes = new[]
        {
            new IngestNode("a", Report("a", 1.4)),
            new IngestNode("b", Report("b", 0.8, calibration: 1.5)),
        };

        var decision = Admission.Decide("door", Expensive, nodes);

        Assert.True(decision.Admitted, decision.Reason);
        Assert.Contains("b has 0.80 cores of headroom", decision.Reason);
    }

    [Fact]
    public void A_full_cluster_refuses_with_what_the_camera_needs_and_what_each_node_has()
    {
        var nodes = new[]
        {
            new IngestNode("b", Report("b", 1.3, calibration: 1.2)),
            new IngestNode("a", Report("a", 1.7)),
        };

        var decision = Admission.Decide("door", Expensive, nodes);

        Assert.False(decision.Admitted);
        Assert.Equal(
            "no ingest node has room for camera 'door': it needs about 0.50 cores (1920x1080 at 5 fps with motion); " +
            "a: over capacity (CPU 1.7 of 1.6 cores); b: 0.30 cores free of 1.60, needs 0.60 here. " +
            "Add a node, lower the camera's analysis fps or size, or force it",
            decision.Reason);
    }

    [Fact]
    public void A_node_over_capacity_for_drops_has_no_room_whatever_its_cpu_headroom()
    {
        var drops = new CapacityProblem(CapacityProblemKind.Drops, "9% of frames due for analysis dropped (limit 5%)");

        var decision = Admission.Decide("door", Expensive, [new IngestNode("a", Report("a", 0.2, problems: drops))]);

        Assert.False(decision.Admitted);
        Assert.Contains("a: over capacity (9% of frames due for analysis dropped (limit 5%))", decision.Reason);
    }

    [Fact]
    public void A_camera_is_never_refused_on_a_guess()
    {
        Assert.True(Admission.Decide("door", Expensive, []).Admitted);
        Assert.True(Admission.Decide("door", Expensive, [new IngestNode("a", Report("a", 1.7)), new IngestNode("b", null)]).Admitted);
    }
}
