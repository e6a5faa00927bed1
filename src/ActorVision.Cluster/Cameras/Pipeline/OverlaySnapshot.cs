using ActorVision.Core.Geometry;
using ActorVision.Core.Tracking;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>One tracked object as the overlay draws it: box normalised to the frame.</summary>
public readonly record struct TrackBox(long Id, string Label, float Score, BoxF Box);

/// <summary>
/// What the annotated output shows of the last analysed frame. Immutable, so the encoder thread reads it while the
/// tracker moves on; replaced whole after every analysed frame.
/// </summary>
public sealed record OverlaySnapshot(IReadOnlyList<TrackBox> Tracks, TimeSpan StreamTime)
{
    public static OverlaySnapshot Empty { get; } = new([], TimeSpan.Zero);

    public static OverlaySnapshot Capture(IReadOnlyList<Track> tracks, int width, int height, TimeSpan streamTime)
    {
        var boxes = new List<TrackBox>(tracks.Count);
        foreach (var track in tracks)
        {
            if (track.State != TrackState.Confirmed) continue;
            boxes.Add(new TrackBox(track.Id, track.Label, track.Score, track.Box.Scale(1f / width, 1f / height)));
        }
        return new OverlaySnapshot(boxes, streamTime);
    }
}
