namespace ActorVision.Inference.Detectors;

/// <summary>Label strings per class id, made once, so detections carry a label without allocating per frame.</summary>
internal sealed class ClassLabels
{
    private readonly string[] _names;
    private readonly bool[]? _included;
    private string[] _fallback = [];

    public ClassLabels(IReadOnlyList<string> names, IReadOnlyList<string>? include)
    {
        _names = names.ToArray();
        if (include is { Count: > 0 })
        {
            _included = new bool[_names.Length];
            for (var i = 0; i < _names.Length; i++) _included[i] = include.Contains(_names[i]);
        }
    }

    /// <summary>False for classes the model spec filters out (and for unnamed ids when a filter is set).</summary>
    public bool IsIncluded(int classId) =>
        classId >= 0 && (_included is null || classId < _included.Length && _included[classId]);

    public string this[int classId]
    {
        get
        {
            if ((uint)classId < (uint)_names.Length) return _names[classId];
            var index = classId - _names.Length;
            if (index < 0) return "class-" + classId;
            if (index >= _fallback.Length)
            {
                var grown = new string[Math.Max(index + 1, _fallback.Length * 2)];
                _fallback.CopyTo(grown, 0);
                _fallback = grown;
            }
            return _fallback[index] ??= "class-" + classId;
        }
    }
}
