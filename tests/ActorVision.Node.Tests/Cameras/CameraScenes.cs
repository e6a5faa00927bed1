using ActorVision.Core.Cameras;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;

namespace ActorVision.Node.Tests.Cameras;

/// <summary>Camera specs over the scripted crossing clip (a white box crossing x = 0.5 left to right every 5 s).</summary>
public static class CameraScenes
{
    /// <summary>A line from the bottom to the top of the frame at x = 0.5: the box crosses it "in" (left to right, facing B).</summary>
    public static LineCrossingRuleSpec MiddleLine { get; } = new()
    {
        Id = "middle",
        Name = "Middle line",
        A = new PointF(0.5f, 0.95f),
        B = new PointF(0.5f, 0.05f),
    };

    public static CameraSpec Crossing(string id, string sourceUrl, SourceMode mode = SourceMode.Live, params string[] models) => new()
    {
        Id = id,
        SourceUrl = sourceUrl,
        Mode = mode,
        Models = models.Length == 0 ? ["motion"] : models,
        AnalysisFps = 10,
        Rules = [MiddleLine],
    };
}
