using ActorVision.Core.Events;
using ActorVision.Core.Imaging;
using ActorVision.Media;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// Saves a JPEG of the annotated frame for each event, as <c>{folder}/{event id}.jpg</c>, so an operator (and the
/// dashboard) sees what the rule saw. Written by the camera's <see cref="SnapshotWriter"/>, one frame at a time, once the
/// events are persisted.
/// </summary>
public sealed class EventSnapshots : IDisposable
{
    private readonly string _folder;
    private readonly JpegEncoder _encoder = new(quality: 80);
    private readonly CameraOverlay _overlay;

    public EventSnapshots(string folder, Func<IReadOnlyList<Core.Rules.RuleSpec>> rules)
    {
        _folder = folder;
        _overlay = new CameraOverlay(rules);
        Directory.CreateDirectory(folder);
    }

    public static string FileName(Guid eventId) => eventId.ToString("D") + ".jpg";

    public void Write(VideoFrame frame, OverlaySnapshot overlay, IReadOnlyList<AnalyticsEvent> events)
    {
        var jpeg = _encoder.Encode(frame, overlay: canvas => _overlay.Draw(canvas, overlay, frame.Width, frame.Height));
        foreach (var e in events)
        {
            var path = Path.Combine(_folder, FileName(e.Id));
            File.WriteAllBytes(path + ".tmp", jpeg);
            File.Move(path + ".tmp", path, overwrite: true);
        }
    }

    public void Dispose() => _encoder.Dispose();
}
