namespace ActorVision.Node.Observability;

/// <summary>
/// The logging scope of an actor that works for one camera or job: <c>CameraId</c> or <c>JobId</c>, taken from the
/// sharded entity's path (<c>.../system/sharding/camera/{shard}/{camera}/...</c>). Structured sinks read the
/// key-value pair; the console shows <c>camera=entrance</c>.
/// </summary>
public sealed class EntityScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private const string ShardingSegment = "/system/sharding/";
    private readonly KeyValuePair<string, object?> _pair;

    private EntityScope(string key, string id) => _pair = new(key, id);

    public string Key => _pair.Key;
    public string Id => (string)_pair.Value!;

    /// <summary>The scope for a log source (an actor path), or null when it is not inside a camera or job entity.</summary>
    public static EntityScope? FromActorPath(string? path)
    {
        if (string.IsNullOrEmpty(path)) return null;
        var start = path.IndexOf(ShardingSegment, StringComparison.Ordinal);
        if (start < 0) return null;
        // {region}/{shard}/{entity}[/...]
        var segments = path[(start + ShardingSegment.Length)..].Split('/', 4);
        if (segments.Length < 3 || segments[2].Length == 0) return null;
        var id = Uri.UnescapeDataString(segments[2].Split('#')[0]);
        return segments[0] switch
        {
            "camera" => new EntityScope("CameraId", id),
            "job" => new EntityScope("JobId", id),
            _ => null,
        };
    }

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? _pair : throw new ArgumentOutOfRangeException(nameof(index));

    public int Count => 1;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return _pair;
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => (Key == "CameraId" ? "camera=" : "job=") + Id;
}
