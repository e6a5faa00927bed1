using Akka.Actor;
using Akka.TestKit.Xunit2;
using ActorVision.Domain.Capacity;
using ActorVision.Persistence.Capacity;

namespace ActorVision.Persistence.Tests.Capacity;

public sealed class CapacitySerializerTests() : TestKit(ActorVisionSerialization.Config)
{
    [Fact]
    public void A_capacity_report_crosses_to_another_node_with_its_problems_and_shards()
    {
        var report = new NodeCapacity("akka.tcp://actorvision@10.0.0.5:4053", new DateTime(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc),
            2, 1.6, 1.82, 1.4, 7, 0.12, 0.95, 5.5,
            [new CapacityProblem(CapacityProblemKind.Cpu, "CPU 1.82 of 1.60 cores (80% of 2)"), new CapacityProblem(CapacityProblemKind.Drops, "12% dropped")],
            [new ShardCost("17", 3, 0.21, 0.29), new ShardCost("42", 1, 0, 0)]);
        var serialization = Sys.Serialization;

        var serializer = serialization.FindSerializerFor(report);
        var bytes = serializer.ToBinary(report);
        var back = (NodeCapacity)serialization.Deserialize(bytes, serializer.Identifier, "node-capacity.v1");

        Assert.IsType<CapacitySerializer>(serializer);
        Assert.Contains("\"Kind\":\"Drops\"", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal(report with { Problems = [], Shards = [] }, back with { Problems = [], Shards = [] });
        Assert.Equal(report.Problems, back.Problems);
        Assert.Equal(report.Shards, back.Shards);
        Assert.True(back.OverCapacity);
    }
}
