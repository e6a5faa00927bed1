using System.Globalization;

namespace ActorVision.Benchmarks.EndToEnd;

/// <summary>
/// The camera counts of an e2e-load sweep, from <c>--cameras</c>: comma-separated items, each a count (<c>8</c>), a
/// range with a step (<c>16..160/16</c>), or, last, an open range (<c>16../16</c>) that keeps adding the step until the
/// sweep stops at the first point no system sustains (capped at <see cref="OpenEndedCap"/>). <c>auto</c> is
/// <c>1,2,4,8,16../16</c>: cheap points first, then steps fine enough to place the knee. Every sweep stops at the first
/// unsustained point, so a list or range that reaches past the knee finds it, and an open one always does.
/// </summary>
public sealed record CameraSweep(IReadOnlyList<int> Listed, int? OpenFrom, int OpenStep, string Text)
{
    public const string Auto = "1,2,4,8,16../16";
    /// <summary>Where an open range gives up (a run this long would take hours anyway).</summary>
    public const int OpenEndedCap = 1024;

    public bool OpenEnded => OpenFrom is not null;

    /// <summary>The counts in order: the listed ones, then the open range's (the sweep stops at its first failure).</summary>
    public IEnumerable<int> Points()
    {
        foreach (var n in Listed) yield return n;
        if (OpenFrom is not { } from) yield break;
        var last = Listed.Count > 0 ? Listed[^1] : 0;
        for (var n = from; n <= OpenEndedCap; n += OpenStep)
            if (n > last) yield return n;
    }

    public static CameraSweep Parse(string text)
    {
        var inv = CultureInfo.InvariantCulture;
        var spec = text.Trim() == "auto" ? Auto : text;
        var listed = new SortedSet<int>();
        int? openFrom = null;
        var openStep = 0;
        var items = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            var range = item.Split("..", 2);
            if (range.Length == 1)
            {
                listed.Add(Positive(item));
                continue;
            }
            var (end, step) = range[1].Split('/', 2) is [var e, var s] ? (e, Positive(s)) : (range[1], 1);
            var from = Positive(range[0]);
            if (end.Length == 0)
            {
                if (i != items.Length - 1) throw new ArgumentException($"--cameras {text}: an open range ({item}) must come last");
                (openFrom, openStep) = (from, step);
                continue;
            }
            var to = Positive(end);
            if (to < from) throw new ArgumentException($"--cameras {text}: {item} runs backwards");
            for (var n = from; n <= to; n += step) listed.Add(n);
        }
        if (listed.Count == 0 && openFrom is null) throw new ArgumentException($"--cameras {text}: no camera count");
        return new CameraSweep(listed.ToArray(), openFrom, openStep, text.Trim());

        int Positive(string value) =>
            int.TryParse(value, NumberStyles.None, inv, out var n) && n > 0
                ? n
                : throw new ArgumentException($"--cameras {text}: '{value}' is not a positive count (forms: 1,2,4  16..160/16  16../16  auto)");
    }
}
