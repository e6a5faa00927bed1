namespace ActorVision.Domain.Storage;

/// <summary>
/// How much of one kind of output a node keeps: nothing older than <see cref="MaxAge"/>, and no more than
/// <see cref="MaxBytes"/> in all (the oldest go first). Null is no limit.
/// </summary>
public sealed record RetentionBudget(TimeSpan? MaxAge, long? MaxBytes)
{
    public static RetentionBudget Unlimited { get; } = new(null, null);

    public bool IsUnlimited => MaxAge is null && MaxBytes is null;

    /// <summary>
    /// What to delete, oldest first: items older than the age limit, then the oldest until the rest fit the size
    /// limit. Never an item written within <paramref name="activeGrace"/> of <paramref name="now"/> (it may be open
    /// for writing: deleting it would free nothing until it is closed) nor the newest item of a group. Protected items
    /// still count towards the size, so a budget smaller than what is being written is met as soon as it can be.
    /// </summary>
    public IReadOnlyList<StoredItem> Expired(IReadOnlyList<StoredItem> items, DateTime now, TimeSpan activeGrace)
    {
        if (IsUnlimited || items.Count == 0) return [];
        var newestOfGroup = items.Where(i => i.Group is not null)
            .GroupBy(i => i.Group, StringComparer.Ordinal)
            .Select(g => g.MaxBy(i => (i.LastWriteUtc, i.Path))!)
            .ToHashSet();
        var deletable = items
            .Where(i => now - i.LastWriteUtc >= activeGrace && !newestOfGroup.Contains(i))
            .OrderBy(i => i.LastWriteUtc).ThenBy(i => i.Path, StringComparer.Ordinal)
            .ToArray();

        var chosen = new List<StoredItem>();
        var total = items.Sum(i => i.Bytes);
        foreach (var item in deletable)
        {
            var tooOld = MaxAge is { } age && now - item.LastWriteUtc > age;
            var tooBig = MaxBytes is { } max && total > max;
            if (!tooOld && !tooBig) break; // oldest first: every later item is younger, and the rest already fit
            chosen.Add(item);
            total -= item.Bytes;
        }
        return chosen;
    }
}
