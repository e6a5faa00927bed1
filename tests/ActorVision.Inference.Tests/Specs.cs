using ActorVision.Inference.Models;
using ActorVision.Tests;

namespace ActorVision.Inference.Tests;

/// <summary>Model specs the tests share; the values mirror hocon/models.conf.</summary>
internal static class Specs
{
    public static ModelSpec BlazeFace(string path, int size, int maxBatch = 8) => new()
    {
        Name = $"face-{size}",
        FilePath = path,
        Kind = DetectorKind.BlazeFace,
        InputWidth = size,
        InputHeight = size,
        Layout = TensorLayout.Nhwc,
        Normalization = PixelNormalization.Range(-1f, 1f),
        ScoreThreshold = 0.5f,
        NmsIouThreshold = 0.3f,
        ClassNames = ["face"],
        MaxBatch = maxBatch,
    };

    public static ModelSpec FrontDynamic => BlazeFace(TestAssets.BlazeFaceDynamic, 128);
    public static ModelSpec BackDynamic => BlazeFace(TestAssets.BlazeFaceBackDynamic, 256);

    /// <summary>A constant-output model with a 64x64 NCHW input named "images".</summary>
    public static ModelSpec Constant(string path, DetectorKind kind, params string[] classes) => new()
    {
        Name = $"test-{kind}",
        FilePath = path,
        Kind = kind,
        InputWidth = 64,
        InputHeight = 64,
        Layout = TensorLayout.Nchw,
        Normalization = PixelNormalization.UnitRange,
        ScoreThreshold = 0.5f,
        NmsIouThreshold = 0.5f,
        ClassNames = classes,
    };

    /// <summary>The COCO SSD as hocon/models.conf declares it (entry "coco"), on the uint8 or the float ONNX file.</summary>
    public static ModelSpec Coco(string? file = null, int maxBatch = 8) => new()
    {
        Name = "coco",
        FilePath = file ?? TestAssets.CocoQdq,
        Kind = DetectorKind.Ssd,
        InputWidth = 300,
        InputHeight = 300,
        Layout = TensorLayout.Nhwc,
        Resize = ResizeMode.Stretch,
        Normalization = new PixelNormalization([128f, 128f, 128f], [128f, 128f, 128f]),
        ScoreThreshold = 0.5f,
        NmsIouThreshold = 0.45f,
        MaxDetections = 50,
        ClassNames = LabelsFile.Read(TestAssets.CocoLabels),
        LabelsFile = TestAssets.CocoLabels,
        MaxBatch = maxBatch,
    };

    /// <summary>hocon/models.conf's "people-vehicles": the COCO SSD reporting people and vehicles, people from 0.4.</summary>
    public static ModelSpec PeopleVehicles => Coco() with
    {
        Name = "people-vehicles",
        IncludeClasses = ["person", "bicycle", "car", "motorcycle", "bus", "truck"],
        ClassScoreThresholds = new Dictionary<string, float> { ["person"] = 0.4f },
    };
}
