using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;
using ActorVision.Inference.Detectors;
using ActorVision.Inference.Models;
using ActorVision.Tests;

namespace ActorVision.Inference.Tests;

/// <summary>
/// The COCO SSD (models/ssd-coco, as hocon/models.conf declares it) on real footage: OpenCV's pedestrians clip,
/// 768x576. Counts and boxes were checked by hand on the frames (people fully in view; a person hidden behind the
/// lamp post or another walker is not counted).
/// </summary>
public sealed class CocoDetectorTests
{
    // (second of the clip, people clearly visible there, at least how many the detector must find at 0.5)
    public static TheoryData<double, int, int> PeopleInFrames => new()
    {
        { 2, 4, 4 },
        { 5, 4, 4 },
        { 10, 6, 5 },
        { 20, 7, 6 },
        { 30, 7, 6 },
        { 60, 6, 5 },
    };

    // Boxes drawn by hand on the frames (source pixels), each to be matched by a person detection with IoU >= 0.5.
    public static TheoryData<double, float, float, float, float> HandBoxes => new()
    {
        { 2, 364, 197, 399, 274 },      // dark coat, walking left of the lamp post
        { 2, 437, 228, 478, 314 },      // black clothes, right of the lamp post
        { 20, 614, 267, 650, 366 },     // jeans, walking down on the right
        { 20, 80, 154, 111, 221 },      // light jacket, far left on the path
        { 60, 276, 434, 346, 576 },     // the woman on the grass, cut by the bottom edge
    };

    [Theory]
    [MemberData(nameof(PeopleInFrames))]
    public void Finds_the_people_walking_in_the_pedestrians_clip(double second, int visible, int atLeast)
    {
        var people = Detect(Specs.Coco(), second).Where(d => d.Label == "person").ToList();

        Assert.True(people.Count >= atLeast, $"{people.Count} people found at {second} s, {visible} visible: {Describe(people)}");
        Assert.True(people.Count <= visible + 1, $"{people.Count} people found at {second} s, only {visible} visible: {Describe(people)}");
        Assert.All(people, p => Assert.InRange(p.Score, 0.5f, 1f));
    }

    [Theory]
    [MemberData(nameof(HandBoxes))]
    public void Person_boxes_match_hand_drawn_boxes_in_source_pixels(double second, float x1, float y1, float x2, float y2)
    {
        var expected = new BoxF(x1, y1, x2, y2);
        var people = Detect(Specs.Coco(), second).Where(d => d.Label == "person").ToList();

        var best = people.Select(p => p.Box.IoU(expected)).DefaultIfEmpty(0f).Max();
        Assert.True(best >= 0.5f, $"best IoU {best:0.00} with {expected} at {second} s among {Describe(people)}");
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(128, 128, 128)]
    [InlineData(255, 255, 255)]
    public void A_blank_frame_has_no_person(byte r, byte g, byte b)
    {
        using var frame = TestImages.Solid(768, 576, r, g, b);
        using var detector = new SsdDetector(Specs.PeopleVehicles);
        var batch = new DetectionBatch();

        detector.Detect([frame], batch);

        Assert.DoesNotContain(batch.ToArray(0), d => d.Label == "person");
    }

    [Fact]
    public void The_generated_anchors_are_the_ones_the_model_was_exported_with()
    {
        using var detector = new SsdDetector(Specs.Coco());
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(TestAssets.CocoQdq);
        var exported = SsdAnchors.Parse(session.ModelMetadata.CustomMetadataMap[SsdAnchors.MetadataKey]);

        Assert.True(detector.ReadsRawOutputs);
        Assert.Equal(1917, detector.Anchors.Count);
        Assert.Equal(1917, exported.Length);
        // The exported anchors went through uint8 quantization in TFLite: 0.0032 is its rounding, measured.
        Assert.InRange(SsdAnchors.LargestDifference(detector.Anchors, exported), 0f, 0.0035f);
    }

    [Fact]
    public void Anchor_settings_that_do_not_fit_the_model_are_refused_naming_the_difference()
    {
        var spec = Specs.Coco() with { Ssd = new SsdOptions { Anchors = new SsdAnchorOptions { MinScale = 0.25f } } };

        var error = Assert.Throws<NotSupportedException>(() => new SsdDetector(spec));

        Assert.Contains("anchors differ", error.Message);
        Assert.Contains("ssd.anchors", error.Message);
    }

    [Fact]
    public void The_people_and_vehicles_model_reports_only_its_classes_and_people_from_its_own_threshold()
    {
        // At 0 s the full model also finds skis (0.42) and a person at 0.42 (the man at the far left, half hidden).
        var all = Detect(Specs.Coco() with { ScoreThreshold = 0.4f }, 0);
        var subset = Detect(Specs.PeopleVehicles, 0);

        Assert.Contains(all, d => d.Label == "skis");
        Assert.All(subset, d => Assert.Contains(d.Label, new[] { "person", "bicycle", "car", "motorcycle", "bus", "truck" }));
        Assert.Contains(subset, d => d.Label == "car");
        // person at 0.4, the other classes at the model's 0.5
        Assert.Contains(subset, d => d.Label == "person" && d.Score < 0.5f);
        Assert.All(subset.Where(d => d.Label != "person"), d => Assert.True(d.Score >= 0.5f, $"{d.Label} {d.Score}"));
    }

    [Fact]
    public void A_batch_of_eight_gives_the_same_detections_as_eight_runs_of_one()
    {
        var frames = new[] { 2.0, 5, 10, 20, 30, 40, 60, 70 }.Select(s => TestImages.DecodeVideoAt(TestAssets.Pedestrians, TimeSpan.FromSeconds(s))).ToArray();
        try
        {
            using var detector = new SsdDetector(Specs.Coco());
            var batch = new DetectionBatch();
            detector.Detect(frames, batch);
            var together = Enumerable.Range(0, 8).Select(batch.ToArray).ToArray();

            for (var i = 0; i < frames.Length; i++)
            {
                detector.Detect([frames[i]], batch);
                var alone = batch.ToArray(0);
                Assert.Equal(alone.Select(d => (d.Label, d.Box)), together[i].Select(d => (d.Label, d.Box)));
                Assert.Equal(alone.Select(d => d.Score), together[i].Select(d => d.Score), (a, b) => MathF.Abs(a - b) < 1e-4f);
            }
        }
        finally
        {
            foreach (var f in frames) f.Release();
        }
    }

    [Fact]
    public void The_uint8_and_float_models_find_the_same_people()
    {
        // What the shipped (uint8) file is chosen on: it is faster and must find what the float model finds.
        foreach (var second in new[] { 2.0, 10, 20, 30, 60 })
        {
            var quantized = Detect(Specs.Coco(), second).Where(d => d.Label == "person").ToList();
            var floating = Detect(Specs.Coco(TestAssets.CocoFloat), second).Where(d => d.Label == "person").ToList();

            Assert.InRange(quantized.Count, floating.Count - 1, floating.Count + 1);
            var matched = floating.Count(f => quantized.Any(q => q.Box.IoU(f.Box) >= 0.7f));
            Assert.True(matched >= floating.Count - 1, $"{matched} of {floating.Count} float detections matched at {second} s");
        }
    }

    private static List<Detection> Detect(ModelSpec spec, double second)
    {
        using var frame = TestImages.DecodeVideoAt(TestAssets.Pedestrians, TimeSpan.FromSeconds(second));
        using var detector = new SsdDetector(spec);
        var batch = new DetectionBatch();
        detector.Detect([frame], batch);
        return batch.ToArray(0).ToList();
    }

    private static string Describe(IEnumerable<Detection> found) =>
        string.Join(" | ", found.Select(d => $"{d.Label} {d.Score:0.00} [{d.Box.X1:0},{d.Box.Y1:0},{d.Box.X2:0},{d.Box.Y2:0}]"));
}
