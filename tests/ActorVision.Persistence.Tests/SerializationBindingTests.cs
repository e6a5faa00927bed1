using System.Reflection;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using ActorVision.Domain.Cameras;

namespace ActorVision.Persistence.Tests;

/// <summary>
/// The one table of serializers: every message of the domain's protocols finds exactly one of them through its marker,
/// and no two serializers share an id (Akka would only warn, and then one silently replaces the other).
/// </summary>
public sealed class SerializationBindingTests() : TestKit(ActorVisionSerialization.Config)
{
    private static IEnumerable<Type> DomainMessages() => typeof(CameraState).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true })
        .Where(t => ActorVisionSerialization.Bindings.Any(b => b.BoundTypes.Any(bound => bound.IsAssignableFrom(t))));

    [Fact]
    public void Every_domain_message_bound_by_a_marker_is_written_by_its_serializer()
    {
        var messages = DomainMessages().ToList();
        Assert.True(messages.Count >= 30, $"found only {messages.Count} bound domain types");
        foreach (var type in messages)
        {
            var binding = Assert.Single(ActorVisionSerialization.Bindings, b => b.BoundTypes.Any(bound => bound.IsAssignableFrom(type)));
            Assert.Equal(binding.Id, Sys.Serialization.FindSerializerForType(type).Identifier);
        }
    }

    [Fact]
    public void Each_serializer_has_its_own_id_from_the_table()
    {
        var table = typeof(SerializerIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (int)f.GetRawConstantValue()!).ToList();
        Assert.Equal(table.Count, table.Distinct().Count());
        foreach (var binding in ActorVisionSerialization.Bindings)
        {
            Assert.Contains(binding.Id, table);
            Assert.Equal(binding.Id, binding.Serializer.GetField("SerializerId")!.GetRawConstantValue());
            Assert.Equal(binding.Id, ((Serializer)binding.Create((Akka.Actor.ExtendedActorSystem)Sys)).Identifier);
        }
        Assert.Equal(ActorVisionSerialization.Bindings.Count, ActorVisionSerialization.Bindings.Select(b => b.Id).Distinct().Count());
    }

    [Fact]
    public void Messages_that_hold_actor_references_are_not_bound()
    {
        // An IActorRef needs Akka's own serialization of references; these records must never reach a protobuf writer.
        var withRefs = DomainMessages().Where(t => t.GetProperties().Any(p => p.PropertyType == typeof(Akka.Actor.IActorRef)));
        Assert.Empty(withRefs);
    }
}
