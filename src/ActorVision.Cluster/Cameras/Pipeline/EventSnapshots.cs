using ActorVision.Core.Events;
using ActorVision.Core.Imaging;
using ActorVision.Cluster.Storage;
using ActorVision.Media;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// Saves a JPEG of the annotated frame for each event, as <c>{folder}/{event id}.jpg</c>, so an operator (and the
/// dashboard) sees what the rule saw. Written by the camera's <see cref="SnapshotWriter"/>, one frame at a time, once the
/// events are persisted. While the node's disk space is low (<see cref="NodeStorage"/>) it writes nothing and counts
/// what it skipped: the events themselves are still persisted.
/// </summary>
public sealed class EventSnapshots : IDisposable
{
    private readonly string _folder;
    private readonly JpegEncoder _encoder = new(quality: 80);
    private readonly CameraOverlay _overlay;
    private readonly NodeStorage _storage;
    private readonly PipelineCounters _counters;

    public EventSnapshots(string folder, Func<IReadOnlyList<Core.Rules.RuleSpec>> rules, NodeStorage storage, PipelineCounters counters)
    {
        _folder = folder;
        _storage = storage;
        _counters = counters;
        _overlay = new CameraOverlay(rules);
        Directory.CreateDirectory(folder);
    }

    public static string FileName(Guid eventId) => eventId.ToString("D") + ".jpg";

    public void Write(VideoFrame frame, OverlaySnapshot overlay, IReadOnlyList<AnalyticsEvent> events)
    {
        if (_storage.WritesPaused)
        {
            _counters.SnapshotsSkippedForSpace(events.Count);
            return;
        }
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
