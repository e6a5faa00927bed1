using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using ActorVision.Persistence;
using ActorVision.Node.Dashboard;

namespace ActorVision.Node.Observability;

/// <summary>
/// The node-to-node messages of observability and the dashboard (device loads, snapshot requests and pictures), as
/// System.Text.Json under stable manifests.
/// </summary>
public sealed class NodeMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = SerializerIds.NodeMessages;
    private const string DeviceLoadManifest = "device-load-report.v1";
    private const string GetSnapshotManifest = "get-snapshot-file.v1";
    private const string SnapshotManifest = "snapshot-file-content.v1";

    public static IReadOnlyList<Type> BoundTypes { get; } = [typeof(DeviceLoadReport), typeof(GetSnapshotFile), typeof(SnapshotFileContent)];

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        DeviceLoadReport => DeviceLoadManifest,
        GetSnapshotFile => GetSnapshotManifest,
        SnapshotFileContent => SnapshotManifest,
        _ => throw new ArgumentException($"{nameof(NodeMessageSerializer)} cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType());

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        DeviceLoadManifest => JsonSerializer.Deserialize<DeviceLoadReport>(bytes)!,
        GetSnapshotManifest => JsonSerializer.Deserialize<GetSnapshotFile>(bytes)!,
        SnapshotManifest => JsonSerializer.Deserialize<SnapshotFileContent>(bytes)!,
        _ => throw new ArgumentException($"unknown manifest '{manifest}'", nameof(manifest)),
    };
}
