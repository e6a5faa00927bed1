using System.Runtime.CompilerServices;
using ActorVision.Core.Geometry;

namespace ActorVision.Core.Detections;

/// <summary>Up to six landmarks stored inline, so a <see cref="Detection"/> with keypoints needs no heap allocation.</summary>
[InlineArray(Capacity)]
public struct Keypoints
{
    public const int Capacity = 6;
    private PointF _first;
}
