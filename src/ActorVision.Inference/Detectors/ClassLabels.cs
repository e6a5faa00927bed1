namespace ActorVision.Inference.Detectors;

/// <summary>
/// Label strings and score thresholds per class id, made once, so detections carry a label without allocating per
/// frame. Ids without a name (beyond the list, or an empty entry: gaps in a labels file) are labelled class-&lt;id&gt;.
/// </summary>
internal sealed class ClassLabels
{
    private readonly string[] _names;
    private readonly bool[]? _included;
    private readonly float[] _thresholds;
    private readonly float _defaultThreshold;
    private string[] _fallback = [];

    public ClassLabels(IReadOnlyList<string> names, IReadOnlyList<string>? include, float threshold = 0f, IReadOnlyDictionary<string, float>? thresholds = null)
    {
        _names = names.ToArray();
        if (include is { Count: > 0 })
        {
            _included = new bool[_names.Length];
            for (var i = 0; i < _names.Length; i++) _included[i] = include.Contains(_names[i]);
        }
        _defaultThreshold = threshold;
        _thresholds = new float[_names.Length];
        for (var i = 0; i < _names.Length; i++)
            _thresholds[i] = thresholds is not null && thresholds.TryGetValue(_names[i], out var own) ? own : threshold;
        LowestThreshold = _thresholds.Length == 0 ? threshold : Math.Min(threshold, _thresholds.Min());
    }

    /// <summary>No class passes below this score: a cheap first test.</summary>
    public float LowestThreshold { get; }

    /// <summary>Named classes; ids from 0 to Count - 1 (some may be unnamed gaps).</summary>
    public int Count => _names.Length;

    /// <summary>False for classes the model spec filters out (and for unnamed ids when a filter is set).</summary>
    public bool IsIncluded(int classId) =>
        classId >= 0 && (_included is null || classId < _included.Length && _included[classId]);

    /// <summary>True when the id has a name of its own.</summary>
    public bool IsNamed(int classId) => (uint)classId < (uint)_names.Length && _names[classId].Length > 0;

    /// <summary>The score a detection of this class needs: its own threshold, or the model's.</summary>
    public float Threshold(int classId) => (uint)classId < (uint)_thresholds.Length ? _thresholds[classId] : _defaultThreshold;

    public string this[int classId]
    {
        get
        {
            if (IsNamed(classId)) return _names[classId];
            if (classId < 0) return "class-" + classId;
            if (classId >= _fallback.Length)
            {
                var grown = new string[Math.Max(classId + 1, _fallback.Length * 2)];
                _fallback.CopyTo(grown, 0);
                _fallback = grown;
            }
            return _fallback[classId] ??= "class-" + classId;
        }
    }
}
