using System.Runtime.InteropServices;
using ActorVision.Core.Detections;

namespace ActorVision.Inference.Detectors;

/// <summary>
/// Per-frame detection lists of one <see cref="IObjectDetector.Detect"/> call, reused across calls so a steady
/// stream of batches allocates nothing. What the caller wants to keep it copies out (<see cref="ToArray"/>).
/// </summary>
public sealed class DetectionBatch
{
    private readonly List<List<Detection>> _frames = new();

    /// <summary>Frames the last call covered.</summary>
    public int Count { get; private set; }

    public ReadOnlySpan<Detection> For(int frame)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)frame, (uint)Count, nameof(frame));
        return CollectionsMarshal.AsSpan(_frames[frame]);
    }

    public Detection[] ToArray(int frame) => For(frame).ToArray();

    /// <summary>Empties the batch and sizes it for <paramref name="count"/> frames.</summary>
    public void Reset(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        while (_frames.Count < count) _frames.Add(new List<Detection>(16));
        for (var i = 0; i < count; i++) _frames[i].Clear();
        Count = count;
    }

    /// <summary>The list a detector fills for frame <paramref name="frame"/>.</summary>
    public List<Detection> Writable(int frame)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)frame, (uint)Count, nameof(frame));
        return _frames[frame];
    }
}
