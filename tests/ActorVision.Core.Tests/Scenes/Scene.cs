using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;

namespace ActorVision.Core.Tests.Scenes;

/// <summary>Synthetic objects seen by a camera of a given size; produces the detections of any instant.</summary>
public sealed class Scene
{
    public Scene(params SceneObject[] objects) => Objects = objects;

    public IReadOnlyList<SceneObject> Objects { get; }
    public int Width { get; init; } = 1280;
    public int Height { get; init; } = 720;

    public Detection[] DetectionsAt(TimeSpan time)
    {
        var seconds = time.TotalSeconds;
        var detections = new List<Detection>();
        foreach (var o in Objects)
        {
            if (o.PositionAt(seconds) is not { } p || o.IsHiddenAt(seconds)) continue;
            var w = o.Size.Width * Width;
            var h = o.Size.Height * Height;
            var box = new BoxF(p.X * Width - w / 2, p.Y * Height - h, p.X * Width + w / 2, p.Y * Height);
            detections.Add(new Detection(box, o.ScoreAt(seconds), o.ClassId, o.Label));
        }
        return detections.ToArray();
    }
}
