using ActorVision.Core.Geometry;

namespace ActorVision.Core.Detections;

/// <summary>
/// One object found in one frame, in source-frame pixel coordinates.
/// <see cref="Label"/> references the model's configured class name (no per-detection string allocation).
/// </summary>
public struct Detection
{
    public Detection(BoxF box, float score, int classId, string label)
    {
        Box = box;
        Score = score;
        ClassId = classId;
        Label = label;
        KeypointCount = 0;
    }

    public BoxF Box;
    public float Score;
    public int ClassId;
    public string Label;
    public Keypoints Keypoints;
    public int KeypointCount;

    public void AddKeypoint(PointF point)
    {
        if (KeypointCount >= Keypoints.Capacity) return;
        Keypoints[KeypointCount++] = point;
    }

    public readonly override string ToString() =>
        FormattableString.Invariant($"{Label}#{ClassId} {Score:0.00} {Box}");
}
