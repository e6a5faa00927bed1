namespace ActorVision.Delivery;

/// <summary>
/// The delivery order of one sink, without I/O: events wait in one lane per camera and each lane sends one event at a
/// time, so a camera's events arrive in journal order even while an earlier one is retried; lanes take turns for the
/// sink's parallel slots. <see cref="Watermark"/> is the offset below which every event is finished (delivered,
/// dead-lettered or not for this sink): the position the sink stores and resumes from.
/// </summary>
public sealed class DeliveryQueue
{
    private readonly RetryPolicy _retry;
    private readonly int _parallelism;
    private readonly Dictionary<string, Queue<Entry>> _lanes = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, Entry> _outstanding = new();
    private readonly Queue<string> _ready = new();
    private readonly SortedSet<(DateTime Due, string Key)> _waiting = new();
    private long _highestSeen;

    public DeliveryQueue(RetryPolicy retry, int parallelism, long startOffset)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        _retry = retry;
        _parallelism = parallelism;
        _highestSeen = startOffset;
    }

    /// <summary>Every event at or below this offset is finished.</summary>
    public long Watermark => _outstanding.Count == 0 ? _highestSeen : _outstanding.Keys.First() - 1;

    /// <summary>The highest offset read so far: the journal is read on from here.</summary>
    public long HighestSeen => _highestSeen;

    /// <summary>Events taken in and not finished.</summary>
    public int Pending => _outstanding.Count;

    public int InFlight { get; private set; }

    /// <summary>Lanes whose first event waits for a retry.</summary>
    public int Retrying => _waiting.Count;

    /// <summary>The earliest unfinished event (how far behind the sink is).</summary>
    public DeliveryItem? Oldest => _outstanding.Count == 0 ? null : _outstanding.Values.First().Item;

    /// <summary>When the next lane waiting for a retry is due.</summary>
    public DateTime? NextRetryAt => _waiting.Count == 0 ? null : _waiting.Min.Due;

    /// <summary>A journal entry that is not for this sink: only moves the read position on. False for an offset already seen.</summary>
    public bool Skip(long offset)
    {
        if (offset <= _highestSeen) return false;
        _highestSeen = offset;
        return true;
    }

    /// <summary>Takes an event in, behind the earlier events of its camera. False for an offset already seen (a re-read).</summary>
    public bool Add(DeliveryItem item)
    {
        if (item.Offset <= _highestSeen) return false;
        _highestSeen = item.Offset;
        var entry = new Entry(item);
        _outstanding.Add(item.Offset, entry);
        if (!_lanes.TryGetValue(item.Key, out var lane))
        {
            lane = new Queue<Entry>();
            _lanes.Add(item.Key, lane);
        }
        lane.Enqueue(entry);
        if (lane.Count == 1) _ready.Enqueue(item.Key);
        return true;
    }

    /// <summary>The events to send now: the first event of each lane that is ready, while parallel slots are free.</summary>
    public IReadOnlyList<DeliveryAttempt> Start(DateTime now)
    {
        while (_waiting.Count > 0 && _waiting.Min.Due <= now)
        {
            var due = _waiting.Min;
            _waiting.Remove(due);
            _ready.Enqueue(due.Key);
        }
        if (_ready.Count == 0 || InFlight >= _parallelism) return [];
        var started = new List<DeliveryAttempt>();
        while (InFlight < _parallelism && _ready.TryDequeue(out var key))
        {
            var head = _lanes[key].Peek();
            head.InFlight = true;
            head.Tries++;
            InFlight++;
            started.Add(new DeliveryAttempt(head.Item, head.Tries));
        }
        return started;
    }

    /// <summary>The receiver took the event (or it was dead-lettered): the camera's next event becomes ready.</summary>
    public void Finished(long offset)
    {
        var entry = InFlightEntry(offset);
        var lane = _lanes[entry.Item.Key];
        lane.Dequeue();
        _outstanding.Remove(offset);
        InFlight--;
        if (lane.Count > 0) _ready.Enqueue(entry.Item.Key);
        else _lanes.Remove(entry.Item.Key);
    }

    /// <summary>
    /// An attempt failed. A rejection counts towards max-attempts, an unreachable or unavailable receiver only when the
    /// policy says so; at max-attempts the event is to be dead-lettered (its slot stays taken until <see cref="Finished"/>),
    /// otherwise its lane waits for the backoff. <paramref name="random"/> (0..1) spreads the backoff.
    /// </summary>
    public FailureDecision Failed(long offset, DeliveryOutcome outcome, DateTime now, double random)
    {
        var entry = InFlightEntry(offset);
        TimeSpan? advice = null;
        switch (outcome)
        {
            case RejectedOutcome rejected:
                entry.Attempts++;
                advice = rejected.RetryAfter;
                break;
            case UnreachableOutcome when _retry.DeadLetterUnreachable:
                entry.Attempts++;
                break;
            case UnreachableOutcome:
                break;
            case UnavailableOutcome unavailable:
                if (_retry.DeadLetterUnreachable) entry.Attempts++;
                advice = unavailable.RetryAfter;
                break;
            default:
                throw new ArgumentException($"{outcome} is not a failure", nameof(outcome));
        }
        if (entry.Attempts >= _retry.MaxAttempts) return new FailureDecision(true, now, entry.Attempts);
        entry.InFlight = false;
        InFlight--;
        var at = now + _retry.Backoff(entry.Tries, advice, random);
        _waiting.Add((at, entry.Item.Key));
        return new FailureDecision(false, at, entry.Attempts);
    }

    private Entry InFlightEntry(long offset)
    {
        if (!_outstanding.TryGetValue(offset, out var entry) || !entry.InFlight)
            throw new InvalidOperationException($"no attempt in flight for offset {offset}");
        return entry;
    }

    private sealed class Entry(DeliveryItem item)
    {
        public DeliveryItem Item { get; } = item;
        public bool InFlight { get; set; }
        /// <summary>Every attempt: the backoff grows with these.</summary>
        public int Tries { get; set; }
        /// <summary>Attempts that count towards max-attempts.</summary>
        public int Attempts { get; set; }
    }
}
