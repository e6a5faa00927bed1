using System.Globalization;
using System.Text;
using System.Text.Json;
using ActorVision.Core.Events;

namespace ActorVision.Node.Dashboard;

/// <summary>
/// What the dashboard knows about the cluster, in memory: the latest status of every camera, the recent analytics
/// events, device loads per node, membership and shard distribution. Fed by the <see cref="DashboardListener"/>,
/// read by every browser connection. Every change gets a version, so each connection is sent only what changed
/// since its last push (<see cref="Read"/>): with a hundred cameras a push carries the rows that moved, not the table.
/// Thread-safe.
/// </summary>
public sealed class DashboardState
{
    private static readonly TimeSpan TombstoneAge = TimeSpan.FromMinutes(10);
    private readonly object _gate = new();
    private readonly int _eventsKept;
    private readonly Dictionary<string, (CameraRow Row, long Version)> _cameras = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Version, DateTime At)> _removed = new(StringComparer.Ordinal);
    private readonly Queue<(EventRow Row, string Node)> _events = new();
    private readonly Dictionary<string, DeviceRow[]> _devices = new(StringComparer.Ordinal);
    private long _version;
    private long _prunedVersion;
    private long _eventSeq;
    private long _devicesVersion;
    private (ClusterView? View, string Json, long Version) _cluster = (null, "", 0);
    private (ShardView? View, string Key, long Version) _shards = (null, "", 0);

    public DashboardState(DashboardSettings settings) => _eventsKept = settings.EventsKept;

    public void UpsertCamera(CameraRow row)
    {
        lock (_gate)
        {
            if (_cameras.TryGetValue(row.Id, out var old) && old.Row.Equals(row)) return;
            _cameras[row.Id] = (row, ++_version);
            _removed.Remove(row.Id);
        }
    }

    public void RemoveCamera(string id)
    {
        lock (_gate)
        {
            if (!_cameras.Remove(id)) return;
            _removed[id] = (++_version, DateTime.UtcNow);
            PruneTombstones();
        }
    }

    public CameraRow? Camera(string id)
    {
        lock (_gate) return _cameras.TryGetValue(id, out var entry) ? entry.Row : null;
    }

    public IReadOnlyCollection<string> CameraIds()
    {
        lock (_gate) return _cameras.Keys.ToArray();
    }

    public void AddEvent(AnalyticsEvent e)
    {
        lock (_gate)
        {
            var camera = _cameras.TryGetValue(e.CameraId, out var entry) ? entry.Row : null;
            var snapshot = camera is null || camera.Snapshots
                ? $"/api/snapshots/{Uri.EscapeDataString(e.CameraId)}/{e.Id:D}.jpg"
                : null;
            var row = new EventRow(++_eventSeq, e.Id, e.CameraId, e.RuleId, e.RuleName, e.EventType.ToString(), e.Label,
                e.TrackId, e.Confidence, e.WallTime, Describe(e), snapshot);
            _events.Enqueue((row, camera?.Node ?? ""));
            while (_events.Count > _eventsKept) _events.Dequeue();
        }
    }

    /// <summary>The node that ran the event's camera when the event came, where its snapshot file is.</summary>
    public string? NodeOfEvent(Guid eventId)
    {
        lock (_gate) return _events.FirstOrDefault(e => e.Row.Id == eventId).Node is { Length: > 0 } node ? node : null;
    }

    public void SetDevices(string node, IReadOnlyList<DeviceRow> rows)
    {
        lock (_gate)
        {
            _devices[node] = rows.ToArray();
            _devicesVersion = ++_version;
        }
    }

    /// <summary>Sets membership; device rows of nodes that left are dropped.</summary>
    public void SetCluster(ClusterView view)
    {
        var json = JsonSerializer.Serialize(view);
        lock (_gate)
        {
            if (json == _cluster.Json) return;
            _cluster = (view, json, ++_version);
            var members = view.Members.Select(m => m.Address).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in _devices.Keys.Where(n => !members.Contains(n)).ToArray())
            {
                _devices.Remove(gone);
                _devicesVersion = _version;
            }
        }
    }

    public void SetShards(ShardView view)
    {
        var key = JsonSerializer.Serialize(view with { At = default });
        lock (_gate)
        {
            if (key == _shards.Key) return;
            _shards = (view, key, ++_version);
        }
    }

    /// <summary>What changed since <paramref name="cursor"/>; moves the cursor on. A new cursor gets everything.</summary>
    public DashboardDelta Read(DashboardCursor cursor, IDashboardJobSource? jobSource)
    {
        var jobs = jobSource?.CurrentJobs();
        var jobsJson = jobs is null ? "" : JsonSerializer.Serialize(jobs);
        var jobsChanged = cursor.JobsJson != jobsJson;
        cursor.JobsJson = jobsJson;
        lock (_gate)
        {
            // A client that missed removals we no longer remember starts over.
            var reset = !cursor.Started || cursor.Version < _prunedVersion;
            var since = reset ? 0 : cursor.Version;
            var cameras = _cameras.Values.Where(c => c.Version > since).Select(c => c.Row).ToArray();
            var removed = reset ? [] : _removed.Where(r => r.Value.Version > since).Select(r => r.Key).ToArray();
            var events = _events.Where(e => reset || e.Row.Seq > cursor.EventSeq).Select(e => e.Row).ToArray();
            var devices = _devicesVersion > since || reset ? _devices.Values.SelectMany(d => d).OrderBy(d => d.Node).ThenBy(d => d.Device).ToArray() : null;
            var cluster = _cluster.Version > since || reset ? _cluster.View : null;
            var shards = _shards.Version > since || reset ? _shards.View : null;
            cursor.Version = _version;
            cursor.EventSeq = _eventSeq;
            cursor.Started = true;
            return new DashboardDelta(reset, cameras, removed, events, devices, cluster, shards,
                jobsChanged || reset ? jobs ?? [] : null, jobSource is not null);
        }
    }

    private void PruneTombstones()
    {
        var cutoff = DateTime.UtcNow - TombstoneAge;
        foreach (var (id, (version, at)) in _removed.ToArray())
        {
            if (at >= cutoff) continue;
            _removed.Remove(id);
            _prunedVersion = Math.Max(_prunedVersion, version);
        }
    }

    private static string Describe(AnalyticsEvent e)
    {
        var text = new StringBuilder();
        void Add(string part)
        {
            if (text.Length > 0) text.Append(", ");
            text.Append(part);
        }
        var invariant = CultureInfo.InvariantCulture;
        if (e.Direction is { } direction) Add(direction.ToString().ToLowerInvariant());
        if (e.InCount is { } inCount) Add(string.Create(invariant, $"in {inCount}"));
        if (e.OutCount is { } outCount) Add(string.Create(invariant, $"out {outCount}"));
        if (e.Occupancy is { } occupancy) Add(string.Create(invariant, $"{occupancy} inside"));
        if (e.Dwell is { } dwell) Add(string.Create(invariant, $"dwell {dwell.TotalSeconds:0.#} s"));
        if (e.Duration is { } duration) Add(string.Create(invariant, $"for {duration.TotalSeconds:0.#} s"));
        if (e.Condition is { } condition) Add(condition.ToString());
        return text.ToString();
    }
}
