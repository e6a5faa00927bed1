using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;

namespace ActorVision.Core.Tracking;

/// <summary>
/// Multi-object tracker after ByteTrack (Zhang et al., 2022): a constant-velocity Kalman filter per box, and
/// per frame three optimal IoU associations: confirmed and lost tracks with high-score detections, then the
/// still unmatched confirmed tracks with low-score detections (which keeps occluded objects alive), then
/// tentative tracks with the remaining high-score detections. Tracks follow one class only.
/// <para>
/// <see cref="Update"/> returns the tracks rules may see: confirmed (matched now), lost (confirmed before,
/// unmatched now) and, for exactly one frame, removed. Tentative tracks are never returned, so a stray
/// detection cannot become a counted object. Ids are given at confirmation from one counter per tracker
/// (one tracker per camera), so they are unique across classes and never reused.
/// </para>
/// Not thread-safe: one camera's frames are processed in order by one caller.
/// </summary>
public sealed class ByteTracker
{
    private readonly List<Track> _tracks = new();
    private readonly List<Track> _output = new();
    private readonly List<Track> _removed = new();
    private readonly Stack<Track> _spare = new();
    private readonly AssignmentSolver _solver = new();
    private int[] _high = [];
    private int[] _low = [];
    private int[] _columns = [];
    private BoxF[] _columnBoxes = [];
    private float[] _columnLefts = [];
    private int[] _columnOrder = [];
    private AssignmentPair[] _pairs = [];
    private int[] _rows = [];
    private int[] _match = [];
    private bool[] _detectionTaken = [];
    private long _nextId = 1;
    private TimeSpan? _lastTime;

    public ByteTracker(TrackerOptions? options = null)
    {
        Options = options ?? new TrackerOptions();
        Options.Validate();
    }

    public TrackerOptions Options { get; }

    /// <summary>The id the next confirmed track will get.</summary>
    public long NextId => _nextId;

    /// <summary>Tracks alive in any state, tentative ones included (for diagnostics and metrics).</summary>
    public int LiveTrackCount => _tracks.Count;

    /// <summary>
    /// Advances the tracker to <paramref name="streamTime"/> with the detections of that frame (pixel coordinates).
    /// Returns confirmed, lost and just-removed tracks ordered by id, in a list that is reused by the next call.
    /// Stream time must not go backwards; a repeated or earlier time is treated as no time passing.
    /// </summary>
    public IReadOnlyList<Track> Update(ReadOnlySpan<Detection> detections, TimeSpan streamTime)
    {
        var dt = 0d;
        if (_lastTime is { } last)
        {
            if (streamTime > last) dt = (streamTime - last).TotalSeconds;
            else streamTime = last;
        }
        _lastTime = streamTime;

        foreach (var track in _removed) _spare.Push(track);
        _removed.Clear();
        _output.Clear();

        foreach (var track in _tracks)
        {
            track.Filter.Predict(dt, holdSize: track.State == TrackState.Lost);
            track.MatchedThisFrame = false;
        }

        SplitByScore(detections, out var highCount, out var lowCount);
        var o = Options;

        // 1. Confirmed and lost tracks with high-score detections.
        var rows = CollectRows(static t => t.State is TrackState.Confirmed or TrackState.Lost);
        Associate(detections, rows, _high, highCount, o.MatchThreshold, o.FuseScore, buffer: 0f, streamTime);

        // 2. Confirmed tracks still unmatched with low-score detections.
        rows = CollectRows(static t => t.State == TrackState.Confirmed && !t.MatchedThisFrame);
        Associate(detections, rows, _low, lowCount, o.LowScoreMatchThreshold, fuseScore: false, buffer: 0f, streamTime);

        foreach (var track in _tracks)
            if (track.State == TrackState.Confirmed && !track.MatchedThisFrame)
                track.State = TrackState.Lost;

        // 3. Tentative tracks with the high-score detections nobody took; a tentative track that misses a frame is dropped.
        var freeHigh = 0;
        for (var k = 0; k < highCount; k++)
            if (!_detectionTaken[_high[k]]) _high[freeHigh++] = _high[k];
        // Their filters know no velocity yet, so boxes are widened by the distance an object may have moved since the
        // last frame (buffered IoU); otherwise a small object at a low analysis rate could never start a track.
        rows = CollectRows(static t => t.State == TrackState.Tentative);
        var buffer = (float)Math.Min(1d, o.TentativeReach * dt);
        Associate(detections, rows, _high, freeHigh, o.TentativeMatchThreshold, o.FuseScore, buffer, streamTime);

        // 4. New tentative tracks from confident detections still free.
        for (var k = 0; k < freeHigh; k++)
        {
            var index = _high[k];
            if (_detectionTaken[index] || detections[index].Score < o.NewTrackThreshold) continue;
            if (_tracks.Count >= o.MaxTracks) break;
            var track = _spare.Count > 0 ? _spare.Pop() : new Track();
            track.Start(detections[index], streamTime);
            _tracks.Add(track);
            if (o.ConfirmHits <= 1) Confirm(track);
        }

        // 5. Drop tentative tracks that missed this frame and lost tracks past their time; keep the rest in order.
        var write = 0;
        for (var read = 0; read < _tracks.Count; read++)
        {
            var track = _tracks[read];
            if (track.State == TrackState.Tentative && !track.MatchedThisFrame)
            {
                _spare.Push(track);
                continue;
            }
            if (track.State == TrackState.Lost && streamTime - track.LastSeen > o.MaxLostTime)
            {
                track.State = TrackState.Removed;
                _removed.Add(track);
                _output.Add(track);
                continue;
            }
            _tracks[write++] = track;
            if (track.State != TrackState.Tentative) _output.Add(track);
        }
        _tracks.RemoveRange(write, _tracks.Count - write);

        SortById(_output);
        return _output;
    }

    /// <summary>The tracker's state between frames as plain data.</summary>
    public TrackerState Capture()
    {
        var tracks = new TrackSnapshot[_tracks.Count];
        for (var i = 0; i < tracks.Length; i++) tracks[i] = _tracks[i].ToSnapshot();
        return new TrackerState(Options, _nextId, _lastTime, tracks);
    }

    /// <summary>A tracker that continues exactly where the captured one stood.</summary>
    public static ByteTracker Restore(TrackerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var tracker = new ByteTracker(state.Options) { _nextId = state.NextId, _lastTime = state.LastTime };
        foreach (var snapshot in state.Tracks)
        {
            if (snapshot.State == TrackState.Removed) continue;
            if (snapshot.Id >= state.NextId)
                throw new ArgumentException($"Track {snapshot.Id} is not below the next id {state.NextId}: the state is inconsistent.", nameof(state));
            var track = new Track();
            track.Load(snapshot);
            tracker._tracks.Add(track);
        }
        return tracker;
    }

    private void SplitByScore(ReadOnlySpan<Detection> detections, out int highCount, out int lowCount)
    {
        var n = detections.Length;
        if (_high.Length < n)
        {
            var size = Math.Max(n, _high.Length * 2);
            _high = new int[size];
            _low = new int[size];
            _detectionTaken = new bool[size];
        }
        Array.Clear(_detectionTaken, 0, n);
        highCount = lowCount = 0;
        for (var i = 0; i < n; i++)
        {
            ref readonly var d = ref detections[i];
            var box = d.Box;
            // Skip what a filter cannot follow: empty boxes and NaN from a broken model output.
            if (!(box.X2 > box.X1 && box.Y2 > box.Y1) || !float.IsFinite(box.X1 + box.Y1 + box.X2 + box.Y2) || float.IsNaN(d.Score))
                continue;
            if (d.Score >= Options.HighScoreThreshold) _high[highCount++] = i;
            else if (d.Score >= Options.LowScoreThreshold) _low[lowCount++] = i;
        }
    }

    private int CollectRows(Func<Track, bool> include)
    {
        if (_rows.Length < _tracks.Count) _rows = new int[Math.Max(_tracks.Count, _rows.Length * 2)];
        var count = 0;
        for (var i = 0; i < _tracks.Count; i++)
            if (include(_tracks[i])) _rows[count++] = i;
        return count;
    }

    /// <param name="buffer">Boxes are widened by this fraction of their size on each side before the IoU.</param>
    private void Associate(ReadOnlySpan<Detection> detections, int rowCount, int[] candidates, int candidateCount, float limit, bool fuseScore, float buffer, TimeSpan time)
    {
        if (rowCount == 0) return;
        EnsureColumnCapacity(candidateCount);
        var columnCount = 0;
        var widest = 0f;
        for (var k = 0; k < candidateCount; k++)
        {
            var index = candidates[k];
            if (_detectionTaken[index]) continue;
            var box = Widen(detections[index].Box, buffer);
            _columns[columnCount] = index;
            _columnBoxes[columnCount] = box;
            _columnLefts[columnCount] = box.X1;
            _columnOrder[columnCount] = columnCount;
            widest = MathF.Max(widest, box.Width);
            columnCount++;
        }
        if (columnCount == 0) return;
        if (_match.Length < rowCount) _match = new int[Math.Max(rowCount, _match.Length * 2)];

        // Columns sorted by left edge: a track can only overlap detections whose left edge lies within the widest
        // detection's width before its own left edge and its right edge, so each track scans a short run.
        Array.Sort(_columnLefts, _columnOrder, 0, columnCount);
        var lefts = _columnLefts.AsSpan(0, columnCount);
        var order = _columnOrder.AsSpan(0, columnCount);
        var boxes = _columnBoxes.AsSpan(0, columnCount);
        var pairs = 0;
        for (var r = 0; r < rowCount; r++)
        {
            var track = _tracks[_rows[r]];
            var box = Widen(track.Box, buffer);
            var area = box.Area;
            for (var k = FirstAbove(lefts, box.X1 - widest); k < lefts.Length && lefts[k] < box.X2; k++)
            {
                var c = order[k];
                var other = boxes[c];
                if (other.X2 <= box.X1 || other.Y1 >= box.Y2 || other.Y2 <= box.Y1) continue;
                ref readonly var detection = ref detections[_columns[c]];
                if (!track.SameClassAs(detection)) continue;
                var intersection = (MathF.Min(box.X2, other.X2) - MathF.Max(box.X1, other.X1)) * (MathF.Min(box.Y2, other.Y2) - MathF.Max(box.Y1, other.Y1));
                var union = area + other.Area - intersection;
                var similarity = union > 0f ? intersection / union : 0f;
                if (fuseScore) similarity *= detection.Score;
                var cost = 1f - similarity;
                if (!(cost < limit)) continue;
                if (_pairs.Length == pairs) Array.Resize(ref _pairs, Math.Max(64, pairs * 2));
                _pairs[pairs++] = new AssignmentPair(r, c, cost);
            }
        }

        _solver.Solve(_pairs.AsSpan(0, pairs), rowCount, columnCount, limit, _match);

        for (var r = 0; r < rowCount; r++)
        {
            var column = _match[r];
            if (column < 0) continue;
            var index = _columns[column];
            var track = _tracks[_rows[r]];
            track.Observe(detections[index], time);
            _detectionTaken[index] = true;
            if (track.State == TrackState.Lost) track.State = TrackState.Confirmed;
            else if (track.State == TrackState.Tentative && track.Hits >= Options.ConfirmHits) Confirm(track);
        }
    }

    private void EnsureColumnCapacity(int count)
    {
        if (_columns.Length >= count) return;
        var size = Math.Max(count, _columns.Length * 2);
        _columns = new int[size];
        _columnBoxes = new BoxF[size];
        _columnLefts = new float[size];
        _columnOrder = new int[size];
    }

    private static BoxF Widen(BoxF box, float buffer)
    {
        if (buffer <= 0f) return box;
        var dx = box.Width * buffer;
        var dy = box.Height * buffer;
        return new BoxF(box.X1 - dx, box.Y1 - dy, box.X2 + dx, box.Y2 + dy);
    }

    /// <summary>Index of the first value above <paramref name="bound"/> in ascending <paramref name="values"/>.</summary>
    private static int FirstAbove(ReadOnlySpan<float> values, float bound)
    {
        int lo = 0, hi = values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (values[mid] <= bound) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private void Confirm(Track track)
    {
        track.State = TrackState.Confirmed;
        track.Id = _nextId++;
    }

    // Insertion sort: the list is nearly sorted already and List.Sort with a comparison would allocate.
    private static void SortById(List<Track> tracks)
    {
        for (var i = 1; i < tracks.Count; i++)
        {
            var item = tracks[i];
            var j = i - 1;
            while (j >= 0 && tracks[j].Id > item.Id)
            {
                tracks[j + 1] = tracks[j];
                j--;
            }
            tracks[j + 1] = item;
        }
    }
}
