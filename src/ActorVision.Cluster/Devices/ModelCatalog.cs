using System.Globalization;
using ActorVision.Inference.Models;
using ActorVision.Inference.Motion;
using Akka.Configuration;

namespace ActorVision.Cluster.Devices;

/// <summary>
/// The models declared under <c>actorvision.inference.models</c> (hocon/models.conf): ONNX models, served by the
/// device routers, and model-free motion detectors, which each camera instantiates for itself.
/// </summary>
public sealed record ModelCatalog(IReadOnlyDictionary<string, ModelSpec> Models, IReadOnlyDictionary<string, MotionSettings> MotionDetectors)
{
    public const string ConfigPath = "actorvision.inference";

    /// <summary>Parses every model, reporting all bad entries at once. Relative file paths resolve against <paramref name="contentRoot"/>.</summary>
    public static ModelCatalog FromConfig(Config config, string contentRoot)
    {
        var root = config.GetConfig(ConfigPath) ?? throw new ConfigurationException($"{ConfigPath} is missing");
        var defaults = root.GetConfig("model-defaults") ?? Config.Empty;
        var models = new Dictionary<string, ModelSpec>(StringComparer.Ordinal);
        var motion = new Dictionary<string, MotionSettings>(StringComparer.Ordinal);
        var errors = new List<string>();
        var entries = root.GetConfig("models");
        if (entries is null || entries.IsEmpty) return new ModelCatalog(models, motion);
        foreach (var entry in entries.AsEnumerable())
        {
            var name = entry.Key;
            try
            {
                var own = entries.GetConfig(name);
                if (own.GetString("adapter", "") == "motion") motion[name] = ParseMotion(own);
                else models[name] = ParseModel(name, own.WithFallback(defaults), contentRoot);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or ConfigurationException)
            {
                errors.Add($"model '{name}': {ex.Message}");
            }
        }
        if (errors.Count > 0) throw new ConfigurationException("invalid models in " + ConfigPath + ".models: " + string.Join("; ", errors));
        return new ModelCatalog(models, motion);
    }

    private static ModelSpec ParseModel(string name, Config c, string contentRoot)
    {
        var file = c.GetString("file", "");
        if (string.IsNullOrWhiteSpace(file)) throw new ConfigurationException("file is not set");
        var trt = c.GetConfig("tensorrt");
        var cache = trt?.GetString("engine-cache", "") ?? "";
        var include = c.GetStringList("include-classes");
        var (classNames, labelsFile) = ParseClassNames(c, contentRoot);
        var spec = new ModelSpec
        {
            Name = name,
            FilePath = Path.GetFullPath(file, contentRoot),
            Kind = ParseKind(c.GetString("adapter")),
            InputWidth = c.GetInt("input.width"),
            InputHeight = c.GetInt("input.height"),
            Layout = c.GetString("input.layout", "nchw").ToLowerInvariant() switch
            {
                "nchw" => TensorLayout.Nchw,
                "nhwc" => TensorLayout.Nhwc,
                var other => throw new FormatException($"input.layout '{other}' is not nchw or nhwc"),
            },
            Channels = c.GetString("input.channel-order", "rgb").ToLowerInvariant() switch
            {
                "rgb" => ChannelOrder.Rgb,
                "bgr" => ChannelOrder.Bgr,
                var other => throw new FormatException($"input.channel-order '{other}' is not rgb or bgr"),
            },
            Normalization = ParseNormalization(c),
            Resize = c.GetString("input.resize", "letterbox").ToLowerInvariant() switch
            {
                "letterbox" => ResizeMode.Letterbox,
                "stretch" => ResizeMode.Stretch,
                var other => throw new FormatException($"input.resize '{other}' is not letterbox or stretch"),
            },
            ScoreThreshold = c.GetFloat("score-threshold", 0.5f),
            NmsIouThreshold = c.GetFloat("nms-iou-threshold", 0.45f),
            MaxDetections = c.GetInt("max-detections", 100),
            ClassNames = classNames,
            LabelsFile = labelsFile,
            ClassScoreThresholds = ParseClassThresholds(c),
            Ssd = ParseSsd(c.GetConfig("ssd")),
            IncludeClasses = include.Count > 0 ? include.ToArray() : null,
            ExecutionProviders = c.GetStringList("execution-providers").Select(ExecutionProvider.Parse).ToArray(),
            AllowCpuFallback = c.GetBoolean("allow-cpu-fallback", true),
            IntraOpThreads = c.GetInt("intra-op-threads", 1),
            MaxBatch = c.GetInt("max-batch", 8),
            TensorRt = new TensorRtOptions(cache.Length > 0 ? Path.GetFullPath(cache, contentRoot) : null, trt?.GetBoolean("fp16", false) ?? false),
        };
        spec.Validate();
        return spec;
    }

    private static DetectorKind ParseKind(string adapter) => adapter.ToLowerInvariant() switch
    {
        "blazeface" => DetectorKind.BlazeFace,
        "yolov5" => DetectorKind.YoloV5,
        "yolov8" => DetectorKind.YoloV8,
        "ssd" => DetectorKind.Ssd,
        _ => throw new FormatException($"adapter '{adapter}' is not one of blazeface, yolov5, yolov8, ssd, motion"),
    };

    // Names either listed (classes) or read from a labels file. A labels file that is missing leaves the model without
    // names, and its sessions refuse to open saying so: a node without the optional models still starts.
    private static (string[] Names, string? LabelsFile) ParseClassNames(Config c, string contentRoot)
    {
        var listed = c.GetStringList("classes");
        var file = c.GetString("labels-file", "");
        if (string.IsNullOrWhiteSpace(file)) return (listed.ToArray(), null);
        if (listed.Count > 0) throw new ConfigurationException("set either classes or labels-file, not both");
        var path = Path.GetFullPath(file, contentRoot);
        return (File.Exists(path) ? LabelsFile.Read(path) : [], path);
    }

    private static Dictionary<string, float> ParseClassThresholds(Config c)
    {
        var thresholds = new Dictionary<string, float>(StringComparer.Ordinal);
        var section = c.GetConfig("class-score-thresholds");
        if (section is null || section.IsEmpty) return thresholds;
        foreach (var entry in section.AsEnumerable())
        {
            var name = entry.Key.Trim('"');
            thresholds[name] = entry.Value.GetString() is var text && float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FormatException($"class-score-thresholds.\"{name}\" = '{text}' is not a number");
        }
        return thresholds;
    }

    private static SsdOptions ParseSsd(Config? c)
    {
        var defaults = new SsdOptions();
        if (c is null || c.IsEmpty) return defaults;
        var anchors = c.GetConfig("anchors") ?? Config.Empty;
        var anchorDefaults = defaults.Anchors;
        return new SsdOptions
        {
            BoxScales = c.HasPath("box-scales") ? c.GetFloatList("box-scales").ToArray() : defaults.BoxScales,
            BackgroundColumn = c.GetBoolean("background-column", defaults.BackgroundColumn),
            Anchors = new SsdAnchorOptions
            {
                MinScale = anchors.GetFloat("min-scale", anchorDefaults.MinScale),
                MaxScale = anchors.GetFloat("max-scale", anchorDefaults.MaxScale),
                Strides = anchors.HasPath("strides") ? anchors.GetIntList("strides").ToArray() : anchorDefaults.Strides,
                AspectRatios = anchors.HasPath("aspect-ratios") ? anchors.GetFloatList("aspect-ratios").ToArray() : anchorDefaults.AspectRatios,
                InterpolatedScaleAspectRatio = anchors.GetFloat("interpolated-scale-aspect-ratio", anchorDefaults.InterpolatedScaleAspectRatio),
                ReduceBoxesInLowestLayer = anchors.GetBoolean("reduce-boxes-in-lowest-layer", anchorDefaults.ReduceBoxesInLowestLayer),
            },
        };
    }

    // mean/std wins over range, so an entry can override the default range with its own mean and std.
    private static PixelNormalization ParseNormalization(Config c)
    {
        if (c.HasPath("normalization.mean") || c.HasPath("normalization.std"))
            return new PixelNormalization(c.GetFloatList("normalization.mean").ToArray(), c.GetFloatList("normalization.std").ToArray());
        var range = c.GetFloatList("normalization.range");
        if (range.Count != 2) throw new FormatException("normalization.range needs two values, e.g. [0, 1]");
        return PixelNormalization.Range(range[0], range[1]);
    }

    private static MotionSettings ParseMotion(Config c)
    {
        var defaults = new MotionSettings();
        var settings = new MotionSettings
        {
            ProcessingWidth = c.GetInt("processing-width", defaults.ProcessingWidth),
            Threshold = c.GetInt("threshold", defaults.Threshold),
            LearningRate = c.GetFloat("learning-rate", defaults.LearningRate),
            DilateIterations = c.GetInt("dilate-iterations", defaults.DilateIterations),
            MinAreaFraction = c.GetFloat("min-area", defaults.MinAreaFraction),
            MaxDetections = c.GetInt("max-detections", defaults.MaxDetections),
            WarmUpFrames = c.GetInt("warm-up-frames", defaults.WarmUpFrames),
        };
        settings.Validate();
        return settings;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Models.Count} models ({string.Join(", ", Models.Keys)}), {MotionDetectors.Count} motion detectors");
}
