using System.Diagnostics;
using System.Runtime.InteropServices;
using ActorVision.Tests;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace ActorVision.Inference.Tests;

/// <summary>
/// scripts/ssd_tflite_to_onnx.py against Google's own TFLite runtime (LiteRT.js in Node, tests/tflite-reference) on
/// the same uint8 input: a pedestrians frame stretched to 300x300. Both sides give the raw box encodings and class
/// scores that feed the TFLite post-process op.
/// </summary>
public sealed class SsdConverterTests(ITestOutputHelper output, SsdConverterTests.Reference reference) : IClassFixture<SsdConverterTests.Reference>
{
    private const int Anchors = 1917;
    private const int Columns = 91;
    // The uint8 quantization steps of the two outputs in the TFLite model (scale of "Squeeze" and "convert_scores").
    private const float BoxStep = 0.0913397f;
    private const float ScoreStep = 1f / 256f;

    /// <summary>Runs the reference once for the class: LiteRT takes about a second.</summary>
    public sealed class Reference
    {
        public Reference()
        {
            Input = TestImages.RawRgbAt(TestAssets.Pedestrians, TimeSpan.FromSeconds(2), 300, 300);
            var folder = Directory.CreateTempSubdirectory("ssd-reference-");
            try
            {
                var inputPath = Path.Combine(folder.FullName, "input.rgb");
                File.WriteAllBytes(inputPath, Input);
                var prefix = Path.Combine(folder.FullName, "tflite");
                var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var a in new[] { TestAssets.TfliteReferenceScript, TestAssets.CocoTflite, inputPath, prefix }) start.ArgumentList.Add(a);
                using var node = Process.Start(start)!;
                var stderr = node.StandardError.ReadToEndAsync();
                var stdout = node.StandardOutput.ReadToEnd();
                node.WaitForExit();
                if (node.ExitCode != 0) throw new InvalidOperationException($"the TFLite reference failed ({node.ExitCode}): {stdout}{stderr.Result}");
                Boxes = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(prefix + ".box_encodings.f32")).ToArray();
                Scores = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(prefix + ".class_scores.f32")).ToArray();
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }

        public byte[] Input { get; }
        public float[] Boxes { get; }
        public float[] Scores { get; }
    }

    private readonly Reference _reference = reference;

    [Theory]
    [InlineData("qdq")]
    [InlineData("float")]
    public void The_onnx_model_gives_the_tflite_runtimes_raw_outputs_within_quantization_rounding(string variant)
    {
        var (boxes, scores) = Run(variant == "qdq" ? TestAssets.CocoQdq : TestAssets.CocoFloat, _reference.Input);
        Report(variant, boxes, scores);

        // ONNX Runtime and TFLite round differently (float requantization against fixed-point multipliers, or no
        // rounding at all in the float variant), and a one-step difference can grow over 70 layers; measured on this
        // frame: 93-94% of box values and 99.4-99.8% of scores within one uint8 step (both variants), the worst boxes 9-13
        // steps off. A wrong layout, padding, scale or zero point moves nearly every value by many steps.
        Assert.True(WithinSteps(boxes, _reference.Boxes, BoxStep, 1) >= 0.9, $"box encodings within one step: {WithinSteps(boxes, _reference.Boxes, BoxStep, 1):P1}");
        Assert.True(WithinSteps(scores, _reference.Scores, ScoreStep, 1) >= 0.98, $"scores within one step: {WithinSteps(scores, _reference.Scores, ScoreStep, 1):P1}");
    }

    [Theory]
    [InlineData("qdq")]
    [InlineData("float")]
    public void The_onnx_model_finds_what_the_tflite_runtime_finds(string variant)
    {
        var (boxes, scores) = Run(variant == "qdq" ? TestAssets.CocoQdq : TestAssets.CocoFloat, _reference.Input);

        // What decides the detections: the anchors and classes scoring above the threshold, and their boxes.
        var reference = Confident(_reference.Scores, 0.5f);
        Assert.True(reference.Count >= 4, $"the reference finds {reference.Count} confident anchors in the pedestrians frame");
        foreach (var at in reference) Assert.True(scores[at] >= 0.4f, $"anchor {at / Columns} class column {at % Columns}: {scores[at]:0.00}, the reference {_reference.Scores[at]:0.00}");
        foreach (var at in Confident(scores, 0.5f)) Assert.True(_reference.Scores[at] >= 0.4f, $"anchor {at / Columns} class column {at % Columns}: {scores[at]:0.00}, the reference {_reference.Scores[at]:0.00}");
        foreach (var anchor in reference.Select(at => at / Columns).Distinct())
        for (var k = 0; k < 4; k++)
        {
            var i = anchor * 4 + k;
            Assert.True(MathF.Abs(boxes[i] - _reference.Boxes[i]) <= 6 * BoxStep, $"anchor {anchor} box value {k}: {boxes[i]:0.000}, the reference {_reference.Boxes[i]:0.000}");
        }
    }

    private static List<int> Confident(float[] scores, float threshold)
    {
        var found = new List<int>();
        for (var i = 0; i < scores.Length; i++)
            if (i % Columns != 0 && scores[i] >= threshold) found.Add(i);
        return found;
    }

    private static double WithinSteps(float[] a, float[] b, float step, int steps)
    {
        var within = 0;
        for (var i = 0; i < a.Length; i++)
            if (MathF.Abs(a[i] - b[i]) <= (steps + 0.5f) * step) within++;
        return (double)within / a.Length;
    }

    private void Report(string variant, float[] boxes, float[] scores)
    {
        var boxSteps = boxes.Select((v, i) => (int)MathF.Round(MathF.Abs(v - _reference.Boxes[i]) / BoxStep)).GroupBy(s => s).OrderBy(g => g.Key);
        var scoreSteps = scores.Select((v, i) => (int)MathF.Round(MathF.Abs(v - _reference.Scores[i]) / ScoreStep)).GroupBy(s => s).OrderBy(g => g.Key);
        output.WriteLine($"{variant}: box steps {string.Join(", ", boxSteps.Select(g => $"{g.Key}:{g.Count()}"))}");
        output.WriteLine($"{variant}: score steps {string.Join(", ", scoreSteps.Select(g => $"{g.Key}:{g.Count()}"))}");
    }

    private static (float[] Boxes, float[] Scores) Run(string model, byte[] rgb)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(model, options);
        // The TFLite model's uint8 input means (p - 128) / 128.
        var input = new float[rgb.Length];
        for (var i = 0; i < rgb.Length; i++) input[i] = (rgb[i] - 128) / 128f;
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [1, 300, 300, 3]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["normalized_input_image_tensor"], [tensor], ["box_encodings", "class_scores"]);
        var boxes = results[0].GetTensorDataAsSpan<float>().ToArray();
        var scores = results[1].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(Anchors * 4, boxes.Length);
        Assert.Equal(Anchors * Columns, scores.Length);
        return (boxes, scores);
    }
}
