using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using ActorVision.Domain.Capacity;

namespace ActorVision.Persistence.Capacity;

/// <summary>
/// A node's <see cref="NodeCapacity"/> report to the others, as JSON with a stable manifest (problem kinds by name), so
/// nodes of neighbouring versions read each other's reports during a rolling upgrade. Never persisted.
/// </summary>
public sealed class CapacitySerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = SerializerIds.Capacity;
    private const string ReportManifest = "node-capacity.v1";
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o is NodeCapacity
        ? ReportManifest
        : throw new ArgumentException($"{nameof(CapacitySerializer)} cannot serialize {o.GetType()}", nameof(o));

    public override byte[] ToBinary(object obj) => obj is NodeCapacity report
        ? JsonSerializer.SerializeToUtf8Bytes(report, Json)
        : throw new ArgumentException($"{nameof(CapacitySerializer)} cannot serialize {obj.GetType()}", nameof(obj));

    public override object FromBinary(byte[] bytes, string manifest) => manifest == ReportManifest
        ? JsonSerializer.Deserialize<NodeCapacity>(bytes, Json)!
        : throw new ArgumentException($"unknown manifest '{manifest}'", nameof(manifest));
}
