using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ActorVision.Core.Events;

/// <summary>
/// Deterministic event ids: RFC 9562 version-5 (SHA-1, name-based) UUIDs of camera, rule, track, event type and
/// stream time. The same inputs give the same id on every run and machine, so a replayed or resumed analysis
/// writes events that the journal and consumers recognise as already seen.
/// </summary>
public static class AnalyticsEventId
{
    /// <summary>ActorVision's namespace for event ids (fixed forever; changing it changes every id).</summary>
    public static readonly Guid Namespace = new("5c7f3a52-5d0e-4a8b-9c41-2f6b7e9d1a03");

    public static Guid Create(string cameraId, string ruleId, long? trackId, AnalyticsEventType type, TimeSpan streamTime)
    {
        ArgumentNullException.ThrowIfNull(cameraId);
        ArgumentNullException.ThrowIfNull(ruleId);
        var typeName = TypeName(type);
        // Length-prefixed fields, so no choice of id strings can make two different inputs collide.
        var size = 4 + Encoding.UTF8.GetByteCount(cameraId) + 4 + Encoding.UTF8.GetByteCount(ruleId) + 9 + 4 + typeName.Length + 8;
        byte[]? rented = null;
        var name = size <= 512 ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size)).AsSpan(0, size);
        try
        {
            var at = 0;
            at += WriteString(name[at..], cameraId);
            at += WriteString(name[at..], ruleId);
            name[at++] = trackId.HasValue ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteInt64BigEndian(name[at..], trackId ?? 0);
            at += 8;
            at += WriteString(name[at..], typeName);
            BinaryPrimitives.WriteInt64BigEndian(name[at..], streamTime.Ticks);
            return NameBased(Namespace, name);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>A version-5 UUID of <paramref name="name"/> in <paramref name="namespaceId"/>.</summary>
    public static Guid NameBased(Guid namespaceId, ReadOnlySpan<byte> name)
    {
        var input = name.Length + 16 <= 1024 ? stackalloc byte[name.Length + 16] : new byte[name.Length + 16];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input[16..]);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    private static int WriteString(Span<byte> destination, string value)
    {
        var written = Encoding.UTF8.GetBytes(value, destination[4..]);
        BinaryPrimitives.WriteInt32BigEndian(destination, written);
        return 4 + written;
    }

    // Written out rather than Enum.ToString so that renaming a member in code cannot change every id.
    private static string TypeName(AnalyticsEventType type) => type switch
    {
        AnalyticsEventType.ZoneEnter => "ZoneEnter",
        AnalyticsEventType.ZoneExit => "ZoneExit",
        AnalyticsEventType.LineCrossed => "LineCrossed",
        AnalyticsEventType.LoiteringStarted => "LoiteringStarted",
        AnalyticsEventType.DwellEnded => "DwellEnded",
        AnalyticsEventType.OccupancyAbove => "OccupancyAbove",
        AnalyticsEventType.OccupancyBelow => "OccupancyBelow",
        AnalyticsEventType.OccupancyNormal => "OccupancyNormal",
        AnalyticsEventType.StationaryObject => "StationaryObject",
        AnalyticsEventType.StationaryEnded => "StationaryEnded",
        AnalyticsEventType.CameraNoFrames => "CameraNoFrames",
        AnalyticsEventType.CameraFrozen => "CameraFrozen",
        AnalyticsEventType.CameraBlackout => "CameraBlackout",
        AnalyticsEventType.CameraRecovered => "CameraRecovered",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not an event type"),
    };
}
