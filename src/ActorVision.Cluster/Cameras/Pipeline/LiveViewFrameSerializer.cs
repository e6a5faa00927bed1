using Akka.Actor;
using Akka.Serialization;
using ActorVision.Cluster.Cameras.Messages;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// <see cref="LiveViewFrame"/> on the wire: a few header fields and the JPEG bytes as they are (the default JSON
/// serializer would base64 them), for a viewer on another node than the camera.
/// </summary>
public sealed class LiveViewFrameSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4190;
    private const string FrameManifest = "live-view-frame.v1";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o is LiveViewFrame
        ? FrameManifest
        : throw new ArgumentException($"{nameof(LiveViewFrameSerializer)} cannot serialize {o.GetType()}", nameof(o));

    public override byte[] ToBinary(object obj)
    {
        var frame = (LiveViewFrame)obj;
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

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (manifest != FrameManifest) throw new ArgumentException($"unknown manifest '{manifest}'", nameof(manifest));
        using var reader = new BinaryReader(new MemoryStream(bytes));
        var camera = reader.ReadString();
        var sequence = reader.ReadInt64();
        var captured = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
        var jpeg = reader.ReadBytes(reader.ReadInt32());
        return new LiveViewFrame(camera, sequence, captured, jpeg);
    }
}
