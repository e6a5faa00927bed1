namespace ActorVision.Domain.Capacity;

/// <summary>What <see cref="LiveFairQueue{TRequester,TItem}.Enqueue"/> did with a new item.</summary>
public enum LiveAdmission
{
    /// <summary>Queued: there was room.</summary>
    Queued,
    /// <summary>Queued in place of the same requester's oldest queued item (a live camera wants its newest frame analysed).</summary>
    ReplacedOlder,
    /// <summary>Queued; the oldest item of the requester served most recently (or holding most) was shed to make room.</summary>
    ShedOther,
    /// <summary>Not queued: its requester was served more recently than everyone waiting, and holds nothing to replace.</summary>
    Refused,
}

/// <summary>
/// The live requests of one model on one device, shared fairly between their requesters (cameras) when there are
/// more than the model can run. Plain state, one thread.
/// <para>
/// Which runs next: the head of the requester served least recently (round robin between whoever has something
/// queued), oldest first within one requester. A requester that was idle or is new gets one turn ahead, never a
/// burst: its place is "not served for a while", however long it was away, so credit cannot accumulate.
/// </para>
/// <para>
/// Who gives way when the queue is full: the requester holding most (counting the newcomer's item), then the one
/// served most recently; it loses its oldest item, so a camera keeps its newest frame. A newcomer is refused only
/// when it holds nothing and was served more recently than everyone waiting, whatever the phase of its arrival:
/// first-come first-served with refuse-when-full phase-locks periodic cameras, some always finding the queue full.
/// </para>
/// <para>
/// Memory: requesters with nothing queued are forgotten once <see cref="RememberedRuns"/> runs have passed since
/// their last one (or at once if they never ran); a forgotten requester that comes back ranks exactly as if it had
/// been remembered, so forgetting changes no decision. State is bounded by capacity plus twice RememberedRuns
/// requesters, and entries and their buffers are reused: nothing is allocated per item once warm. Each call looks
/// through the requesters waiting (at most capacity), which is cheap next to a model run.
/// </para>
/// </summary>
public sealed class LiveFairQueue<TRequester, TItem> where TRequester : notnull
{
    private readonly Dictionary<TRequester, Requester> _requesters;
    private readonly List<Requester> _waiting = new();
    private readonly Stack<Requester> _spare = new();
    // Items taken so far: the queue's clock. A requester's place is the value it had at its last run.
    private long _runs;
    private long _arrivals;
    private long _nextSweep;

    /// <param name="capacity">Items queued at most, all requesters together.</param>
    /// <param name="rememberedRuns">How many runs an idle requester's last run is remembered for (see the class remarks).</param>
    public LiveFairQueue(int capacity, int rememberedRuns = 1024, IEqualityComparer<TRequester>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rememberedRuns);
        Capacity = capacity;
        RememberedRuns = rememberedRuns;
        _requesters = new Dictionary<TRequester, Requester>(comparer);
        _nextSweep = rememberedRuns;
    }

    public int Capacity { get; }
    public int RememberedRuns { get; }
    public int Count { get; private set; }

    /// <summary>Requesters whose state is kept: those with items queued and those that ran recently.</summary>
    public int RememberedRequesters => _requesters.Count;

    /// <summary>Items <paramref name="requester"/> has queued.</summary>
    public int QueuedBy(TRequester requester) => _requesters.TryGetValue(requester, out var r) ? r.Count : 0;

    /// <summary>
    /// Queues <paramref name="item"/>. When the queue is full, one item gives way (see the class remarks):
    /// <paramref name="shed"/> is then the item that will not run (the new one itself when refused), and its
    /// owner must be told; otherwise it is default.
    /// </summary>
    public LiveAdmission Enqueue(TRequester requester, TItem item, out TItem shed)
    {
        var arrival = ++_arrivals;
        if (!_requesters.TryGetValue(requester, out var owner))
        {
            owner = _spare.Count > 0 ? _spare.Pop() : new Requester();
            owner.Key = requester;
            owner.LastRun = Forgotten;
            _requesters.Add(requester, owner);
        }
        else if (owner.Count == 0)
        {
            // Back after a while: as if forgotten, however long ago it last ran (no credit builds up).
            owner.LastRun = Math.Max(owner.LastRun, Forgotten);
        }

        shed = default!;
        var admission = LiveAdmission.Queued;
        if (Count >= Capacity)
        {
            var victim = GivesWay(owner, arrival);
            if (victim == owner && owner.Count == 0)
            {
                shed = item;
                ForgetIfIdle(owner);
                return LiveAdmission.Refused;
            }
            shed = victim.Dequeue();
            Count--;
            if (victim.Count == 0) StopWaiting(victim);
            admission = victim == owner ? LiveAdmission.ReplacedOlder : LiveAdmission.ShedOther;
            if (victim != owner) ForgetIfIdle(victim);
        }

        if (owner.Count == 0)
        {
            owner.WaitingIndex = _waiting.Count;
            _waiting.Add(owner);
        }
        owner.Enqueue(item, arrival);
        Count++;
        return admission;
    }

    /// <summary>Takes the next item to run: the oldest of the requester that ran least recently.</summary>
    public bool TryDequeue(out TItem item)
    {
        if (_waiting.Count == 0)
        {
            item = default!;
            return false;
        }
        var next = _waiting[0];
        for (var i = 1; i < _waiting.Count; i++)
        {
            var candidate = _waiting[i];
            if (candidate.LastRun < next.LastRun || candidate.LastRun == next.LastRun && candidate.HeadArrival < next.HeadArrival)
                next = candidate;
        }
        item = next.Dequeue();
        Count--;
        next.LastRun = ++_runs;
        if (next.Count == 0) StopWaiting(next);
        if (_runs >= _nextSweep) Sweep();
        return true;
    }

    /// <summary>Empties the queue (the model stopped or became unavailable), oldest items of each requester first.</summary>
    public IEnumerable<TItem> Drain()
    {
        while (_waiting.Count > 0)
        {
            var requester = _waiting[^1];
            while (requester.Count > 0)
            {
                Count--;
                yield return requester.Dequeue();
            }
            StopWaiting(requester);
        }
    }

    /// <summary>The "last run" of a requester not remembered: the oldest a remembered idle requester can have.</summary>
    private long Forgotten => _runs - RememberedRuns;

    /// <summary>
    /// Who loses an item to make room for <paramref name="newcomer"/>'s new one: most items held first (the newcomer's
    /// counted), then the most recent run; on a tie the one whose oldest item is oldest, so never the newcomer by phase.
    /// </summary>
    private Requester GivesWay(Requester newcomer, long arrival)
    {
        var victim = newcomer;
        var victimCount = newcomer.Count + 1;
        var victimHead = newcomer.Count > 0 ? newcomer.HeadArrival : arrival;
        foreach (var candidate in _waiting)
        {
            if (candidate == newcomer) continue;
            var heavier = candidate.Count > victimCount
                || candidate.Count == victimCount && (candidate.LastRun > victim.LastRun
                    || candidate.LastRun == victim.LastRun && candidate.HeadArrival < victimHead);
            if (!heavier) continue;
            victim = candidate;
            victimCount = candidate.Count;
            victimHead = candidate.HeadArrival;
        }
        return victim;
    }

    private void StopWaiting(Requester requester)
    {
        var last = _waiting[^1];
        _waiting[requester.WaitingIndex] = last;
        last.WaitingIndex = requester.WaitingIndex;
        _waiting.RemoveAt(_waiting.Count - 1);
        requester.WaitingIndex = -1;
    }

    private void ForgetIfIdle(Requester requester)
    {
        if (requester.Count > 0 || requester.LastRun > Forgotten) return;
        _requesters.Remove(requester.Key);
        requester.Key = default!;
        _spare.Push(requester);
    }

    /// <summary>Forgets idle requesters whose last run has aged out; once per RememberedRuns runs, so amortised O(1).</summary>
    private void Sweep()
    {
        _nextSweep = _runs + RememberedRuns;
        foreach (var requester in _requesters.Values)
            if (requester.Count == 0 && requester.LastRun <= Forgotten)
            {
                _requesters.Remove(requester.Key);
                requester.Key = default!;
                _spare.Push(requester);
            }
    }

    /// <summary>One requester's queued items in arrival order (a ring buffer kept for reuse) and its place in the rotation.</summary>
    private sealed class Requester
    {
        private (TItem Item, long Arrival)[] _items = new (TItem, long)[2];
        private int _head;

        public TRequester Key = default!;
        public long LastRun;
        public int WaitingIndex = -1;
        public int Count;

        public long HeadArrival => _items[_head].Arrival;

        public void Enqueue(TItem item, long arrival)
        {
            if (Count == _items.Length)
            {
                var grown = new (TItem, long)[_items.Length * 2];
                for (var i = 0; i < Count; i++) grown[i] = _items[(_head + i) % _items.Length];
                _items = grown;
                _head = 0;
            }
            _items[(_head + Count) % _items.Length] = (item, arrival);
            Count++;
        }

        public TItem Dequeue()
        {
            var item = _items[_head].Item;
            _items[_head] = default; // the item (a request holding a frame) must not outlive its turn here
            _head = (_head + 1) % _items.Length;
            Count--;
            return item;
        }
    }
}
