using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Serialization;
using ActorVision.Core.Events;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;
using ActorVision.Domain.Capacity;
using ActorVision.Persistence.Capacity;
using ActorVision.Persistence.Cameras;
using ActorVision.Persistence.Jobs;

namespace ActorVision.Persistence;

/// <summary>
/// Which serializer writes what: each protocol of the domain is bound once, through its marker interface, so a message
/// added to a protocol is serialized like its siblings without touching this list. Nothing ActorVision persists or
/// sends between nodes falls back to Akka's default serializer.
/// </summary>
public static class ActorVisionSerialization
{
    /// <summary>A serializer, the name Akka knows it by, and the types (markers, mostly) bound to it.</summary>
    public sealed record Binding(string Name, int Id, Type Serializer, IReadOnlyList<Type> BoundTypes, Func<ExtendedActorSystem, Serializer> Create);

    public static IReadOnlyList<Binding> Bindings { get; } =
    [
        new("actorvision-camera", SerializerIds.CameraJournal, typeof(CameraJournalSerializer),
            [typeof(ICameraEvent), typeof(CameraState)], system => new CameraJournalSerializer(system)),
        new("actorvision-job", SerializerIds.JobJournal, typeof(JobJournalSerializer),
            [typeof(IJobEvent), typeof(JobState)], system => new JobJournalSerializer(system)),
        new("actorvision-camera-protocol", SerializerIds.CameraProtocol, typeof(CameraProtocolSerializer),
            [typeof(ICameraCommand), typeof(ICameraQuery), typeof(ICameraReply), typeof(AnalyticsEvent)], system => new CameraProtocolSerializer(system)),
        new("actorvision-job-protocol", SerializerIds.JobProtocol, typeof(JobProtocolSerializer),
            [typeof(IJobCommand), typeof(IJobQuery), typeof(IJobReply)], system => new JobProtocolSerializer(system)),
        new("actorvision-camera-broadcast", SerializerIds.CameraBroadcasts, typeof(CameraBroadcastSerializer),
            [typeof(ICameraBroadcast)], system => new CameraBroadcastSerializer(system)),
        new("actorvision-capacity", SerializerIds.Capacity, typeof(CapacitySerializer),
            [typeof(NodeCapacity)], system => new CapacitySerializer(system)),
    ];

    /// <summary>Binds every ActorVision serializer on the Akka.Hosting builder.</summary>
    public static AkkaConfigurationBuilder AddActorVisionSerialization(this AkkaConfigurationBuilder builder)
    {
        foreach (var binding in Bindings) builder.WithCustomSerializer(binding.Name, binding.BoundTypes, binding.Create);
        return builder;
    }

    /// <summary>The same bindings as HOCON, for an actor system built without Akka.Hosting (a TestKit).</summary>
    public static Config Config { get; } = ConfigurationFactory.ParseString(string.Join("\n", Bindings.SelectMany(b => b.BoundTypes
        .Select(type => $"akka.actor.serialization-bindings.\"{type.AssemblyQualifiedName}\" = {b.Name}")
        .Prepend($"akka.actor.serialization-identifiers.\"{b.Serializer.AssemblyQualifiedName}\" = {b.Id}")
        .Prepend($"akka.actor.serializers.{b.Name} = \"{b.Serializer.AssemblyQualifiedName}\""))));
}
