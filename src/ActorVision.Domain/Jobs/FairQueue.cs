namespace ActorVision.Domain.Jobs;

/// <summary>
/// Waiting items grouped by who submitted them, served round-robin between submitters and in arrival order within
/// one: a submitter with a hundred queued jobs does not starve one with a single job. Not thread-safe.
/// </summary>
public sealed class FairQueue<T>
{
    private readonly Dictionary<string, LinkedList<T>> _bySubmitter = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _turns = new();
    private readonly IEqualityComparer<T> _comparer;

    public FairQueue(IEqualityComparer<T>? comparer = null) => _comparer = comparer ?? EqualityComparer<T>.Default;

    public int Count { get; private set; }

    public void Enqueue(string submitter, T item)
    {
        if (!_bySubmitter.TryGetValue(submitter, out var items))
        {
            items = new LinkedList<T>();
            _bySubmitter[submitter] = items;
            _turns.AddLast(submitter);
        }
        items.AddLast(item);
        Count++;
    }

    /// <summary>The next item: the oldest of the submitter whose turn it is; that submitter then goes to the back.</summary>
    public bool TryDequeue(out T item)
    {
        if (_turns.First is not { } turn)
        {
            item = default!;
            return false;
        }
        var submitter = turn.Value;
        var items = _bySubmitter[submitter];
        item = items.First!.Value;
        items.RemoveFirst();
        Count--;
        _turns.RemoveFirst();
        if (items.Count == 0) _bySubmitter.Remove(submitter);
        else _turns.AddLast(submitter);
        return true;
    }

    public bool Contains(T item) => _bySubmitter.Values.Any(items => items.Contains(item, _comparer));

    /// <summary>Removes every item matching <paramref name="match"/> (a job cancelled or gone while it waited).</summary>
    public int RemoveWhere(Func<T, bool> match)
    {
        var removed = 0;
        foreach (var (submitter, items) in _bySubmitter.ToArray())
        {
            for (var node = items.First; node is not null;)
            {
                var next = node.Next;
                if (match(node.Value))
                {
                    items.Remove(node);
                    removed++;
                }
                node = next;
            }
            if (items.Count == 0)
            {
                _bySubmitter.Remove(submitter);
                _turns.Remove(submitter);
            }
        }
        Count -= removed;
        return removed;
    }

    /// <summary>Items in the order they would be served.</summary>
    public IReadOnlyList<T> InServiceOrder()
    {
        var copy = new FairQueue<T>(_comparer);
        foreach (var submitter in _turns)
            foreach (var item in _bySubmitter[submitter]) copy.Enqueue(submitter, item);
        var order = new List<T>(Count);
        while (copy.TryDequeue(out var item)) order.Add(item);
        return order;
    }
}
