using Akka.Configuration;
using ActorVision.Cluster.Capacity;
using ActorVision.Cluster.Configuration;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Hosting;
using ActorVision.Tests;

namespace ActorVision.Cluster.Hosting.Tests;

public sealed class CapacitySettingsTests
{
    private static Config Shipped() => HoconFiles.Load(Path.Combine(TestAssets.RepoRoot, "hocon"));

    [Fact]
    public void The_shipped_capacity_settings_give_every_shipped_model_a_cost_of_its_own()
    {
        var config = Shipped();
        var capacity = ActorVisionSettings.FromConfig(config).Capacity;
        var catalog = ModelCatalog.FromConfig(config, TestAssets.RepoRoot);

        var models = catalog.Models.Keys.Concat(catalog.MotionDetectors.Keys).ToArray();
        Assert.NotEmpty(models);
        Assert.All(models, model => Assert.True(capacity.Costs.Models.ContainsKey(model), $"hocon/capacity.conf has no model-cost for '{model}'"));
        Assert.Equal(0.8, capacity.Estimate.CpuTarget);
        Assert.Equal(0, capacity.Estimate.Cores);
        Assert.True(capacity.Admission);
        Assert.Equal(10, capacity.Placement.MaxMovesPerRound);
        // A shard nothing is known about counts as one camera of the default size, 5 fps, motion.
        Assert.Equal(capacity.Costs.CoresAt(new Core.Cameras.CameraSpec { Id = "x", SourceUrl = "", Models = ["motion"], AnalysisWidth = 640, AnalysisHeight = 360 }, 5),
            capacity.Placement.DefaultShardCores, 9);
    }

    [Fact]
    public void Bad_capacity_settings_are_refused_naming_every_problem()
    {
        var bad = ConfigurationFactory.ParseString("""
            cpu-target = 1.5
            window = 0s
            model-cost { motion { frame-ms = -1 } }
            placement.max-moves-per-round = -2
            """);

        var error = Assert.Throws<ConfigurationException>(() => CapacityOptions.FromConfig(bad));

        foreach (var problem in new[] { "cpu-target must be in (0, 1]", "window must be positive", "model-cost.motion must not be negative",
                     "placement.max-moves-per-round must not be negative" })
            Assert.Contains(problem, error.Message);
        Assert.StartsWith("actorvision.capacity: ", error.Message);
    }

    [Fact]
    public void Cores_and_the_cpu_target_can_be_set_from_the_environment()
    {
        var environment = new Dictionary<string, string> { ["AV_CAPACITY_CORES"] = "6", ["AV_CAPACITY_CPU_TARGET"] = "0.7" };

        var capacity = ActorVisionSettings.FromConfig(HoconFiles.Load(Path.Combine(TestAssets.RepoRoot, "hocon"), environment: environment.GetValueOrDefault)).Capacity;

        Assert.Equal(6, capacity.Estimate.Cores);
        Assert.Equal(0.7, capacity.Estimate.CpuTarget);
    }
}
