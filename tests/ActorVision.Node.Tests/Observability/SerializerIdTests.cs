using System.Reflection;
using Akka.Serialization;

namespace ActorVision.Node.Tests.Observability;

/// <summary>
/// Two serializers with one id silently replace each other (Akka only warns): messages between nodes and persisted
/// events then fail to read. Every serializer the node ships must have its own id.
/// </summary>
public sealed class SerializerIdTests
{
    [Fact]
    public void Every_serializer_of_the_node_has_its_own_identifier()
    {
        var assemblies = new[] { typeof(ActorVision.Persistence.PersistenceSettings).Assembly, typeof(ActorVision.Cluster.Configuration.HoconFiles).Assembly, typeof(ActorVision.Node.NodeHost).Assembly };
        var ids = assemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => typeof(Serializer).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (Type: t, Id: t.GetField("SerializerId", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as int?))
            .ToList();

        Assert.True(ids.Count >= 5, $"found only {ids.Count} serializers");
        Assert.All(ids, s => Assert.True(s.Id is not null, $"{s.Type.Name} has no public const SerializerId"));
        var clashes = ids.GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(s => s.Type.Name))}");
        Assert.Empty(clashes);
        // Ids come from the one table, where the next one to take is plain to see.
        var table = typeof(ActorVision.Persistence.SerializerIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (int)f.GetRawConstantValue()!);
        Assert.All(ids, s => Assert.Contains(s.Id!.Value, table));
    }
}
