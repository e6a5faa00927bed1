using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;

namespace ActorVision.Inference.Detectors;

/// <summary>Non-maximum suppression over candidate lists the detectors own (sorted in place, no allocation).</summary>
public static class NonMaxSuppression
{
    private static readonly Comparison<Detection> ByScoreDescending = (a, b) => b.Score.CompareTo(a.Score);

    /// <summary>
    /// Classic NMS, per class: keeps the best box and drops others of the same class overlapping it by more than
    /// <paramref name="iouThreshold"/>. Appends at most <paramref name="maxDetections"/> to <paramref name="output"/>.
    /// </summary>
    public static void Hard(List<Detection> candidates, float iouThreshold, int maxDetections, List<Detection> output)
    {
        candidates.Sort(ByScoreDescending);
        var first = output.Count;
        foreach (var candidate in candidates)
        {
            if (output.Count - first >= maxDetections) break;
            var keep = true;
            for (var k = first; k < output.Count; k++)
            {
                if (output[k].ClassId == candidate.ClassId && output[k].Box.IoU(candidate.Box) > iouThreshold)
                {
                    keep = false;
                    break;
                }
            }
            if (keep) output.Add(candidate);
        }
    }

    /// <summary>
    /// MediaPipe's weighted NMS: each kept detection is the score-weighted mean (box and keypoints) of the cluster of
    /// candidates overlapping the best one by more than <paramref name="iouThreshold"/>, with the best one's score.
    /// Steadier boxes than hard NMS for anchor models that fire several anchors per object. Empties <paramref name="candidates"/>.
    /// </summary>
    public static void Weighted(List<Detection> candidates, float iouThreshold, int maxDetections, List<Detection> output)
    {
        candidates.Sort(ByScoreDescending);
        var produced = 0;
        Span<PointF> keypoints = stackalloc PointF[Keypoints.Capacity];
        while (candidates.Count > 0 && produced < maxDetections)
        {
            var best = candidates[0];
            float total = 0f, x1 = 0f, y1 = 0f, x2 = 0f, y2 = 0f;
            keypoints.Clear();
            var write = 0;
            for (var i = 0; i < candidates.Count; i++)
            {
                var c = candidates[i];
                if (c.ClassId == best.ClassId && best.Box.IoU(c.Box) > iouThreshold || i == 0)
                {
                    var w = c.Score;
                    total += w;
                    x1 += c.Box.X1 * w;
                    y1 += c.Box.Y1 * w;
                    x2 += c.Box.X2 * w;
                    y2 += c.Box.Y2 * w;
                    for (var k = 0; k < best.KeypointCount; k++) keypoints[k] += c.Keypoints[k] * w;
                }
                else
                {
                    candidates[write++] = c;
                }
            }
            candidates.RemoveRange(write, candidates.Count - write);
            var merged = best;
            merged.Box = new BoxF(x1 / total, y1 / total, x2 / total, y2 / total);
            for (var k = 0; k < best.KeypointCount; k++) merged.Keypoints[k] = keypoints[k] * (1f / total);
            output.Add(merged);
            produced++;
        }
    }
}
