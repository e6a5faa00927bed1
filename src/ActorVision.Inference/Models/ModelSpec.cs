namespace ActorVision.Inference.Models;

/// <summary>
/// Everything needed to load an ONNX detection model and read its outputs. Parsed from HOCON
/// (<c>hocon/models.conf</c>) by the cluster; plain data here so the inference library stays free of Akka.
/// </summary>
public sealed record ModelSpec
{
    public required string Name { get; init; }
    /// <summary>Path of the .onnx file (absolute, or relative to the working directory).</summary>
    public required string FilePath { get; init; }
    public required DetectorKind Kind { get; init; }
    public required int InputWidth { get; init; }
    public required int InputHeight { get; init; }
    public TensorLayout Layout { get; init; } = TensorLayout.Nchw;
    public ChannelOrder Channels { get; init; } = ChannelOrder.Rgb;
    public PixelNormalization Normalization { get; init; } = PixelNormalization.UnitRange;
    /// <summary>How frames are fitted into the input: as the model was trained (letterboxed, or stretched for SSDs).</summary>
    public ResizeMode Resize { get; init; } = ResizeMode.Letterbox;
    public float ScoreThreshold { get; init; } = 0.5f;
    /// <summary>Score thresholds for some classes by name, overriding <see cref="ScoreThreshold"/> for them.</summary>
    public IReadOnlyDictionary<string, float> ClassScoreThresholds { get; init; } = new Dictionary<string, float>();
    public float NmsIouThreshold { get; init; } = 0.45f;
    public int MaxDetections { get; init; } = 100;
    /// <summary>Label per class id. Detections of ids beyond the list, or with an empty name, are labelled <c>class-&lt;id&gt;</c>.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];
    /// <summary>The labels file <see cref="ClassNames"/> were read from; null when they were listed in the config.</summary>
    public string? LabelsFile { get; init; }
    /// <summary>Decoding of raw SSD outputs (the <c>ssd</c> adapter).</summary>
    public SsdOptions Ssd { get; init; } = new();
    /// <summary>Only these class names are reported; null or empty reports every class.</summary>
    public IReadOnlyList<string>? IncludeClasses { get; init; }
    /// <summary>Execution providers in preference order, e.g. <c>cuda:0</c> then <c>cpu</c>.</summary>
    public IReadOnlyList<ExecutionProvider> ExecutionProviders { get; init; } = [ExecutionProvider.Cpu];
    /// <summary>When a GPU provider cannot load: true falls back to CPU with a warning, false fails the session.</summary>
    public bool AllowCpuFallback { get; init; } = true;
    /// <summary>ONNX Runtime intra-op threads per session; 0 lets ONNX Runtime pick (one per core).</summary>
    public int IntraOpThreads { get; init; } = 1;
    public TensorRtOptions TensorRt { get; init; } = new();
    /// <summary>Upper bound of frames per Run; the model's own fixed batch dimension (often 1) wins when smaller.</summary>
    public int MaxBatch { get; init; } = 8;

    private string ClassSource => LabelsFile is null ? "classes" : $"the labels file {LabelsFile}";

    /// <summary>Throws with every problem found, so a bad config file is fixed in one pass.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) errors.Add("name is empty");
        if (string.IsNullOrWhiteSpace(FilePath)) errors.Add("file is empty");
        if (InputWidth <= 0 || InputHeight <= 0) errors.Add($"input size {InputWidth}x{InputHeight} is not positive");
        if (ScoreThreshold is < 0f or > 1f) errors.Add($"score-threshold {ScoreThreshold} is outside [0, 1]");
        if (NmsIouThreshold is <= 0f or > 1f) errors.Add($"nms-iou-threshold {NmsIouThreshold} is outside (0, 1]");
        if (MaxDetections <= 0) errors.Add("max-detections must be positive");
        if (MaxBatch <= 0) errors.Add("max-batch must be positive");
        if (IntraOpThreads < 0) errors.Add("intra-op-threads must be 0 (automatic) or positive");
        if (ExecutionProviders.Count == 0) errors.Add("execution-providers is empty");
        if (IncludeClasses is { Count: > 0 } && ClassNames.Count > 0)
            errors.AddRange(IncludeClasses.Where(c => !ClassNames.Contains(c)).Select(c => $"include-classes names '{c}', which is not in {ClassSource}"));
        foreach (var (name, threshold) in ClassScoreThresholds)
        {
            if (threshold is < 0f or > 1f || float.IsNaN(threshold)) errors.Add($"class-score-thresholds.\"{name}\" {threshold} is outside [0, 1]");
            if (ClassNames.Count > 0 && !ClassNames.Contains(name)) errors.Add($"class-score-thresholds names '{name}', which is not in {ClassSource}");
        }
        if (Kind == DetectorKind.Ssd) errors.AddRange(Ssd.Problems());
        if (errors.Count > 0)
            throw new ArgumentException($"model '{Name}': {string.Join("; ", errors)}");
    }
}
