using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Tracking;

namespace ActorVision.Core.Rules;

/// <summary>
/// A rule that follows tracks one by one. It remembers a track from its first eligible observation (confirmed in
/// this frame, of a filtered class, confident and large enough) until the tracker reports it removed. Frames where
/// a track is lost or not eligible change nothing, so missed detections and brief occlusions neither end nor
/// restart what the rule measures.
/// <para>
/// The memories are kept in an array ordered by track id and merged with the frame's tracks (also ordered by id)
/// into a second array that then takes its place: no hashing and no allocation once the arrays are large enough.
/// </para>
/// </summary>
internal abstract class TrackRule<TMemory> : Rule
    where TMemory : struct, ITrackMemory
{
    private readonly ClassFilter _classes;
    private readonly float _minConfidence;
    private readonly SizeF _minSize;
    private readonly float _anchorX;
    private readonly float _anchorY;
    private TMemory[] _memory = new TMemory[16];
    private TMemory[] _merged = new TMemory[16];
    private int _count;

    protected TrackRule(string cameraId, RuleSpec spec)
        : base(cameraId, spec)
    {
        _classes = spec.Classes;
        _minConfidence = spec.MinConfidence;
        _minSize = spec.MinBoxSize;
        (_anchorX, _anchorY) = spec.Anchor.Fractions();
    }

    public sealed override void Evaluate(in FrameAnalysis frame, ReadOnlySpan<Track> tracks, ReadOnlySpan<BoxF> boxes, List<AnalyticsEvent> events)
    {
        if (_merged.Length < _count + tracks.Length) Array.Resize(ref _merged, Math.Max(_count + tracks.Length, _merged.Length * 2));
        var memory = _memory;
        var merged = _merged;
        int read = 0, write = 0;
        for (var i = 0; i < tracks.Length; i++)
        {
            var track = tracks[i];
            var id = track.Id;
            // Remembered tracks the tracker no longer lists (it was replaced) are dropped without events.
            while (read < _count && memory[read].TrackId < id) Forget(memory[read++]);
            var known = read < _count && memory[read].TrackId == id;

            if (track.State == TrackState.Removed)
            {
                if (known)
                {
                    OnRemoved(memory[read++], track, boxes[i], frame, events);
                    Cooldown.Forget(id);
                }
                continue;
            }

            var box = boxes[i];
            var eligible = track.State == TrackState.Confirmed
                && track.Score >= _minConfidence
                && box.Width >= _minSize.Width && box.Height >= _minSize.Height
                && _classes.Matches(track.Label);
            if (known)
            {
                var remembered = memory[read++];
                if (eligible) Observe(ref remembered, false, track, box, AnchorOf(box), frame, events);
                merged[write++] = remembered;
            }
            else if (eligible)
            {
                var fresh = default(TMemory);
                Observe(ref fresh, true, track, box, AnchorOf(box), frame, events);
                merged[write++] = fresh;
            }
        }
        while (read < _count) Forget(memory[read++]);

        _memory = merged;
        _merged = memory;
        _count = write;
        AfterTracks(frame, events);
    }

    /// <summary>
    /// An eligible observation of a track: <paramref name="box"/> is its box normalised to the frame and
    /// <paramref name="anchor"/> the rule's anchor point of it. <paramref name="first"/> when the rule had no memory of
    /// the track (then <paramref name="memory"/> is default and must be set).
    /// </summary>
    protected abstract void Observe(ref TMemory memory, bool first, Track track, BoxF box, PointF anchor, in FrameAnalysis frame, List<AnalyticsEvent> events);

    /// <summary>The tracker removed a remembered track; <paramref name="lastBox"/> is its last detection, normalised.</summary>
    protected virtual void OnRemoved(in TMemory memory, Track track, BoxF lastBox, in FrameAnalysis frame, List<AnalyticsEvent> events)
    {
    }

    /// <summary>A remembered track disappeared without being removed; undo what it contributed to rule-wide state.</summary>
    protected virtual void OnForgotten(in TMemory memory)
    {
    }

    protected virtual void AfterTracks(in FrameAnalysis frame, List<AnalyticsEvent> events)
    {
    }

    protected IReadOnlyList<TMemory> CaptureTracks() => _memory.AsSpan(0, _count).ToArray();

    protected void RestoreTracks(IReadOnlyList<TMemory> tracks)
    {
        var ordered = tracks.OrderBy(t => t.TrackId).ToArray();
        for (var i = 1; i < ordered.Length; i++)
            if (ordered[i].TrackId == ordered[i - 1].TrackId)
                throw new ArgumentException($"Rule '{Spec.Id}': track {ordered[i].TrackId} appears twice in the state.", nameof(tracks));
        _memory = new TMemory[Math.Max(16, ordered.Length)];
        ordered.CopyTo(_memory, 0);
        _merged = new TMemory[_memory.Length];
        _count = ordered.Length;
    }

    private PointF AnchorOf(BoxF box) => new(box.X1 + _anchorX * (box.X2 - box.X1), box.Y1 + _anchorY * (box.Y2 - box.Y1));

    private void Forget(in TMemory memory)
    {
        OnForgotten(memory);
        Cooldown.Forget(memory.TrackId);
    }
}
