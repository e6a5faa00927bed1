using System.Globalization;
using ActorVision.Core.Geometry;
using ActorVision.Inference.Detectors;
using ActorVision.Inference.Models;
using ActorVision.Tests;

namespace ActorVision.Inference.Tests;

/// <summary>
/// Real ONNX models that emit known tensors (built by tests/Shared/onnx_test_models.py) through the real adapters.
/// The frame is 128x64 and the model input 64x64, so the letterbox scale is 0.5 with 16 px of padding above:
/// model box (cx 32, cy 32, 16 x 16) is source box [48, 16, 80, 48].
/// </summary>
public sealed class YoloAndSsdTests
{
    private static readonly string[] Classes = ["person", "car", "dog"];
    private static readonly BoxF PersonBox = new(48f, 16f, 80f, 48f);

    // Rows (cx, cy, w, h, objectness, person, car, dog) in model-input pixels.
    private static readonly float[][] V5Rows =
    [
        [32, 32, 16, 16, 0.9f, 0.8f, 0.1f, 0.05f],  // person 0.72: kept
        [33, 32, 16, 16, 0.9f, 0.7f, 0.1f, 0.05f],  // person 0.63, IoU 0.88 with the first: suppressed
        [32, 32, 16, 16, 0.9f, 0.2f, 0.6f, 0.05f],  // car 0.54 on the same place: another class, kept
        [10, 50, 8, 8, 0.3f, 0.9f, 0.1f, 0.1f],     // objectness 0.3: below the 0.5 threshold
        [52, 20, 10, 12, 0.95f, 0.0f, 0.1f, 0.9f],  // dog 0.855: kept
    ];

    [Fact]
    public void YoloV5_decodes_filters_scores_and_suppresses_per_class()
    {
        using var detector = new YoloV5Detector(Specs.Constant(V5Model(), DetectorKind.YoloV5, Classes));
        var found = Run(detector);

        Assert.Equal(["dog", "person", "car"], found.Select(d => d.Label));
        Assert.Equal([0.855f, 0.72f, 0.54f], found.Select(d => MathF.Round(d.Score, 3)));
        AssertBox(PersonBox, found[1].Box);
        // Model box [47, 14, 57, 26] starts in the padding: clamped to the frame's top edge.
        AssertBox(new BoxF(94f, 0f, 114f, 20f), found[0].Box);
    }

    [Fact]
    public void YoloV8_decodes_the_channel_major_layout()
    {
        // The v5 rows without objectness (class scores multiplied in), transposed to [4 + C, K].
        var rows = V5Rows.Select(r => new[] { r[0], r[1], r[2], r[3], r[4] * r[5], r[4] * r[6], r[4] * r[7] }).ToArray();
        var transposed = Enumerable.Range(0, 7).SelectMany(j => rows.Select(r => r[j])).ToArray();
        var model = TestModels.Constant(ConstantSpec(("output0", [7, rows.Length], transposed)));
        using var detector = new YoloV8Detector(Specs.Constant(model, DetectorKind.YoloV8, Classes));

        var found = Run(detector);

        Assert.Equal(["dog", "person", "car"], found.Select(d => d.Label));
        AssertBox(PersonBox, found[1].Box);
    }

    [Fact]
    public void Include_classes_reports_only_the_named_classes()
    {
        var spec = Specs.Constant(V5Model(), DetectorKind.YoloV5, Classes) with { IncludeClasses = ["person"] };
        using var detector = new YoloV5Detector(spec);

        var found = Run(detector);

        var person = Assert.Single(found);
        Assert.Equal(0, person.ClassId);
        AssertBox(PersonBox, person.Box);
    }

    [Fact]
    public void Max_detections_keeps_the_best()
    {
        using var detector = new YoloV5Detector(Specs.Constant(V5Model(), DetectorKind.YoloV5, Classes) with { MaxDetections = 2 });

        Assert.Equal(["dog", "person"], Run(detector).Select(d => d.Label));
    }

    [Fact]
    public void Ssd_reads_boxes_scores_classes_and_the_valid_count()
    {
        // Normalised (ymin, xmin, ymax, xmax) of the 64x64 input; class values index the names directly.
        float[] boxes =
        [
            0.375f, 0.375f, 0.625f, 0.625f,   // person 0.9 -> PersonBox
            0.39f, 0.39f, 0.64f, 0.64f,       // person 0.8, overlaps the first: suppressed by NMS
            0.1f, 0.1f, 0.3f, 0.3f,           // dog 0.4: below threshold
            0.7f, 0.7f, 0.9f, 0.9f,           // car 0.95 but beyond num_detections (3): ignored
        ];
        var model = TestModels.Constant(ConstantSpec(
            ("detection_boxes", [4, 4], boxes),
            ("detection_scores", [4], [0.9f, 0.8f, 0.4f, 0.95f]),
            ("detection_classes", [4], [0f, 0f, 2f, 1f]),
            ("num_detections", [1], [3f])));
        using var detector = new SsdDetector(Specs.Constant(model, DetectorKind.Ssd, Classes));

        var person = Assert.Single(Run(detector));

        Assert.Equal("person", person.Label);
        Assert.Equal(0.9f, person.Score, 3);
        AssertBox(PersonBox, person.Box);
    }

    [Fact]
    public void Ssd_accepts_integer_class_outputs_and_names_unknown_ids()
    {
        var model = TestModels.Constant($$"""
            {"input": {"name": "images", "shape": [3, 64, 64]}, "outputs": [
              {"name": "boxes", "shape": [1, 4], "values": [0.375, 0.375, 0.625, 0.625]},
              {"name": "scores", "shape": [1], "values": [0.7]},
              {"name": "labels", "shape": [1], "values": [7], "type": "int64"}]}
            """);
        using var detector = new SsdDetector(Specs.Constant(model, DetectorKind.Ssd, Classes));

        var found = Assert.Single(Run(detector));

        Assert.Equal(7, found.ClassId);
        Assert.Equal("class-7", found.Label);
    }

    [Fact]
    public void Ssd_decodes_raw_box_encodings_against_generated_anchors_skipping_the_background_column()
    {
        // One 64 px layer on a 64x64 input: a 1x1 grid with the reduced lowest layer's three anchors, centred at 0.5:
        // 0.1 at 1:1, then 0.2 at width:height 2 and 0.5 (the third: height 0.2 * sqrt(2), width 0.2 / sqrt(2)).
        var anchors = new SsdAnchorOptions { Strides = [64] };
        var doubled = 5f * MathF.Log(2f);
        float[] encodings =
        [
            0f, 0f, doubled, doubled,   // anchor 0 grown to 0.2 x 0.2: input box [25.6, 25.6, 38.4, 38.4]
            0f, 0f, 0f, 0f,
            1f, 0f, 0f, 0f,             // anchor 2 moved down by 1/10 of its height
        ];
        // Columns: background, person, car, dog.
        float[] scores =
        [
            0.95f, 0.8f, 0.1f, 0.0f,    // person 0.8 although the background scores higher
            0.9f, 0.3f, 0.2f, 0.1f,     // nothing above 0.5
            0.1f, 0.2f, 0.1f, 0.7f,     // dog 0.7
        ];
        var model = TestModels.Constant(ConstantSpec(("raw_box_encodings", [3, 4], encodings), ("raw_class_scores", [3, 4], scores)));
        var spec = Specs.Constant(model, DetectorKind.Ssd, Classes) with
        {
            Resize = ResizeMode.Stretch,
            Ssd = new SsdOptions { Anchors = anchors },
        };
        using var detector = new SsdDetector(spec);

        var found = Run(detector);

        Assert.True(detector.ReadsRawOutputs);
        Assert.Equal(["person", "dog"], found.Select(d => d.Label));
        // The 128x64 frame is stretched to 64x64: x scales by 2, y by 1.
        AssertBox(new BoxF(51.2f, 25.6f, 76.8f, 38.4f), found[0].Box);
        var h = 0.2f * MathF.Sqrt(2f) * 64f;
        var w = 0.2f / MathF.Sqrt(2f) * 64f;
        var cy = 32f + 0.1f * h;
        AssertBox(new BoxF(64f - w, cy - h / 2, 64f + w, cy + h / 2), found[1].Box);
    }

    [Fact]
    public void Per_class_thresholds_override_the_models_threshold()
    {
        // The v5 rows: person 0.72, car 0.54, dog 0.855; car now needs 0.6 and dog only 0.3.
        var spec = Specs.Constant(V5Model(), DetectorKind.YoloV5, Classes) with
        {
            ClassScoreThresholds = new Dictionary<string, float> { ["car"] = 0.6f, ["dog"] = 0.3f },
        };
        using var detector = new YoloV5Detector(spec);

        Assert.Equal(["dog", "person"], Run(detector).Select(d => d.Label));
    }

    [Fact]
    public void Ssd_names_what_it_expected_when_the_outputs_fit_neither_form()
    {
        var model = TestModels.Constant(ConstantSpec(("output0", [5, 7], new float[35])));

        var error = Assert.Throws<NotSupportedException>(() => new SsdDetector(Specs.Constant(model, DetectorKind.Ssd, Classes)));

        Assert.Contains("raw (box encodings [N, K, 4] and class scores [N, K, C])", error.Message);
        Assert.Contains("output0 [N, 5, 7]", error.Message);
    }

    [Fact]
    public void A_batch_gives_every_frame_its_own_detections_in_its_own_coordinates()
    {
        using var detector = new YoloV5Detector(Specs.Constant(V5Model(), DetectorKind.YoloV5, Classes));
        using var wide = TestImages.Solid(128, 64, 200, 200, 200);
        using var square = TestImages.Solid(64, 64, 200, 200, 200);
        var batch = new DetectionBatch();

        detector.Detect([wide, square, wide], batch);

        Assert.Equal(3, batch.Count);
        AssertBox(PersonBox, batch.For(0)[1].Box);
        AssertBox(new BoxF(24f, 24f, 40f, 40f), batch.For(1)[1].Box);
        AssertBox(PersonBox, batch.For(2)[1].Box);
    }

    private static string V5Model() =>
        TestModels.Constant(ConstantSpec(("output0", [V5Rows.Length, 8], V5Rows.SelectMany(r => r).ToArray())));

    private static List<Core.Detections.Detection> Run(IObjectDetector detector)
    {
        using var frame = TestImages.Solid(128, 64, 200, 200, 200);
        var batch = new DetectionBatch();
        detector.Detect([frame], batch);
        return batch.ToArray(0).ToList();
    }

    private static void AssertBox(BoxF expected, BoxF actual) =>
        Assert.True(MathF.Abs(expected.X1 - actual.X1) < 0.01f && MathF.Abs(expected.Y1 - actual.Y1) < 0.01f &&
                    MathF.Abs(expected.X2 - actual.X2) < 0.01f && MathF.Abs(expected.Y2 - actual.Y2) < 0.01f,
            $"expected {expected}, got {actual}");

    internal static string ConstantSpec(params (string Name, int[] Shape, float[] Values)[] outputs)
    {
        var parts = outputs.Select(o =>
            $"{{\"name\": \"{o.Name}\", \"shape\": [{string.Join(", ", o.Shape)}], \"values\": [{string.Join(", ", o.Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]}}");
        return $"{{\"input\": {{\"name\": \"images\", \"shape\": [3, 64, 64]}}, \"outputs\": [{string.Join(", ", parts)}]}}";
    }
}
