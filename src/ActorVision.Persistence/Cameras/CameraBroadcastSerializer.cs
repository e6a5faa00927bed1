using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Persistence.Cameras;

/// <summary>
/// What cameras broadcast to dashboards on other nodes: <see cref="CameraStatusUpdate"/> and <see cref="CameraForgotten"/>
/// (and the <see cref="PublishCameraStatus"/> request) as JSON (System.Text.Json: immutable collections and records round-trip, unlike the default serializer), and
/// <see cref="LiveViewFrame"/> as a few header fields plus the JPEG bytes as they are. Stable manifests, so nodes of
/// neighbouring versions understand each other during a rolling upgrade.
/// </summary>
public sealed class CameraBroadcastSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = SerializerIds.CameraBroadcasts;
    private const string StatusManifest = "camera-status.v1";
    private const string ForgottenManifest = "camera-forgotten.v1";
    private const string FrameManifest = "live-view-frame.v1";
    private const string StatusRequestManifest = "publish-camera-status.v1";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        CameraStatusUpdate => StatusManifest,
        CameraForgotten => ForgottenManifest,
        LiveViewFrame => FrameManifest,
        PublishCameraStatus => StatusRequestManifest,
        _ => throw new ArgumentException($"{nameof(CameraBroadcastSerializer)} cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        CameraStatusUpdate status => JsonSerializer.SerializeToUtf8Bytes(status),
        CameraForgotten forgotten => JsonSerializer.SerializeToUtf8Bytes(forgotten),
        LiveViewFrame frame => FrameToBinary(frame),
        PublishCameraStatus request => JsonSerializer.SerializeToUtf8Bytes(request),
        _ => throw new ArgumentException($"{nameof(CameraBroadcastSerializer)} cannot serialize {obj.GetType()}", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        StatusManifest => JsonSerializer.Deserialize<CameraStatusUpdate>(bytes)!,
        ForgottenManifest => JsonSerializer.Deserialize<CameraForgotten>(bytes)!,
        FrameManifest => FrameFromBinary(bytes),
        StatusRequestManifest => JsonSerializer.Deserialize<PublishCameraStatus>(bytes)!,
        _ => throw new ArgumentException($"unknown manifest '{manifest}'", nameof(manifest)),
    };

    private static byte[] FrameToBinary(LiveViewFrame frame)
    {
        using var buffer = new MemoryStream(frame.Jpeg.Length + 64);
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(frame.CameraId);
            writer.Write(frame.Sequence);
            writer.Write(frame.CaptureTimeUtc.Ticks);
            writer.Write(frame.Jpeg.Length);
            writer.Write(frame.Jpeg);
        }
        return buffer.ToArray();
    }

    private static LiveViewFrame FrameFromBinary(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        var camera = reader.ReadString();
        var sequence = reader.ReadInt64();
        var captured = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
        var jpeg = reader.ReadBytes(reader.ReadInt32());
        return new LiveViewFrame(camera, sequence, captured, jpeg);
    }
}
