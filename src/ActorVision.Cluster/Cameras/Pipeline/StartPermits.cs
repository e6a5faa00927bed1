namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// At most <see cref="Capacity"/> holders at once, the others waiting in the order they asked: who may open a camera
/// source now. Plain state for <see cref="CameraStartPacer"/>, no Akka.
/// </summary>
public sealed class StartPermits<T> where T : notnull
{
    private readonly HashSet<T> _holders = new();
    private readonly LinkedList<T> _waiting = new();

    public StartPermits(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }
    public int Holding => _holders.Count;
    public int Waiting => _waiting.Count;

    /// <summary>True: <paramref name="who"/> holds a permit now (or already did). False: it waits its turn (once, however often it asks).</summary>
    public bool Request(T who)
    {
        if (_holders.Contains(who)) return true;
        if (_holders.Count < Capacity && _waiting.Count == 0)
        {
            _holders.Add(who);
            return true;
        }
        if (!_waiting.Contains(who)) _waiting.AddLast(who);
        return false;
    }

    /// <summary>
    /// <paramref name="who"/> is done (started, failed, gone) or gives up waiting. Returns those that got a permit
    /// because of it, oldest request first; empty when none.
    /// </summary>
    public IReadOnlyList<T> Release(T who)
    {
        if (!_holders.Remove(who))
        {
            _waiting.Remove(who);
            return [];
        }
        List<T>? granted = null;
        while (_holders.Count < Capacity && _waiting.First is { } next)
        {
            _waiting.RemoveFirst();
            _holders.Add(next.Value);
            (granted ??= new List<T>()).Add(next.Value);
        }
        return granted ?? (IReadOnlyList<T>)[];
    }
}
