using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;
using ActorVision.Core.Imaging;
using ActorVision.Inference.Detectors;
using ActorVision.Tests;
using Microsoft.ML.OnnxRuntime;

namespace ActorVision.Inference.Tests;

public sealed class BlazeFaceTests
{
    // Hand-checked on media/astronaut.png (512x512): the face from the hairline to the chin, ear to ear.
    private static readonly BoxF AstronautFace = new(178f, 80f, 273f, 175f);
    private static readonly PointF RightEye = new(205f, 101f);
    private static readonly PointF LeftEye = new(249f, 107f);

    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    public void Finds_the_astronauts_face_within_tolerance(int size)
    {
        using var frame = TestImages.Decode(TestAssets.Astronaut);
        using var detector = new BlazeFaceDetector(size == 128 ? Specs.FrontDynamic : Specs.BackDynamic);
        var batch = new DetectionBatch();

        detector.Detect([frame], batch);

        var face = Assert.Single(batch.ToArray(0));
        Assert.Equal("face", face.Label);
        Assert.InRange(face.Score, 0.8f, 1f);
        // Tolerance: IoU >= 0.75 with the hand-made box (about +-10 px on a 95 px face), eyes within 8 px.
        Assert.True(face.Box.IoU(AstronautFace) >= 0.75f, $"box {face.Box} vs {AstronautFace}: IoU {face.Box.IoU(AstronautFace):0.00}");
        Assert.Equal(Keypoints.Capacity, face.KeypointCount);
        Assert.True(face.Keypoints[0].DistanceTo(RightEye) < 8f, $"right eye at {face.Keypoints[0]}");
        Assert.True(face.Keypoints[1].DistanceTo(LeftEye) < 8f, $"left eye at {face.Keypoints[1]}");
    }

    [Fact]
    public void Boxes_map_back_through_the_letterbox_to_source_pixels()
    {
        // The photograph pasted at (300, 40) of a wide 1024x600 frame: the face must move by the same offset.
        // Back-256 because the face is then 24 px in the model input, too small for front-128.
        using var photo = TestImages.Decode(TestAssets.Astronaut);
        using var wide = Paste(photo, 1024, 600, 300, 40);
        using var detector = new BlazeFaceDetector(Specs.BackDynamic);
        var batch = new DetectionBatch();

        detector.Detect([wide], batch);

        var face = Assert.Single(batch.ToArray(0));
        var expected = AstronautFace.Offset(300f, 40f);
        Assert.True(face.Box.IoU(expected) >= 0.7f, $"box {face.Box} vs {expected}");
    }

    [Fact]
    public void Batch_of_eight_gives_the_same_detections_as_eight_runs_of_one()
    {
        using var photo = TestImages.Decode(TestAssets.Astronaut);
        var frames = new[]
        {
            photo, Paste(photo, 600, 512, 88, 0), TestImages.Solid(320, 240, 90, 90, 90), Paste(photo, 512, 560, 0, 48),
            Paste(photo, 540, 540, 14, 14), TestImages.Solid(64, 64, 255, 255, 255), photo, Paste(photo, 560, 512, 0, 0),
        };
        using var detector = new BlazeFaceDetector(Specs.FrontDynamic);
        Assert.Equal(8, detector.MaxBatch);
        var together = new DetectionBatch();
        detector.Detect(frames, together);

        var single = new DetectionBatch();
        var faces = 0;
        for (var i = 0; i < frames.Length; i++)
        {
            detector.Detect([frames[i]], single);
            AssertSame(single.ToArray(0), together.ToArray(i));
            faces += together.For(i).Length;
        }
        Assert.Equal(6, faces);
    }

    [Fact]
    public void The_original_fixed_batch_model_runs_one_image_at_a_time_with_the_same_results()
    {
        using var photo = TestImages.Decode(TestAssets.Astronaut);
        var frames = new[] { photo, Paste(photo, 1024, 600, 300, 40), TestImages.Solid(320, 240, 90, 90, 90) };
        using var original = new BlazeFaceDetector(Specs.BlazeFace(TestAssets.BlazeFaceOriginal, 128));
        using var dynamic = new BlazeFaceDetector(Specs.FrontDynamic);
        Assert.Equal(1, original.MaxBatch);
        var a = new DetectionBatch();
        var b = new DetectionBatch();

        original.Detect(frames, a);
        dynamic.Detect(frames, b);

        Assert.Equal(3, a.Count);
        for (var i = 0; i < frames.Length; i++) AssertSame(a.ToArray(i), b.ToArray(i));
    }

    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    public void Prepared_dynamic_batch_model_gives_the_outputs_of_the_original_on_batch_one(int size)
    {
        var (original, prepared) = size == 128
            ? (TestAssets.BlazeFaceOriginal, TestAssets.BlazeFaceDynamic)
            : (TestAssets.BlazeFaceBackOriginal, TestAssets.BlazeFaceBackDynamic);
        using var a = new InferenceSession(original);
        using var b = new InferenceSession(prepared);
        Assert.Equal(a.OutputNames, b.OutputNames);
        var random = new Random(42);
        var input = new float[size * size * 3];
        for (var i = 0; i < input.Length; i++) input[i] = random.NextSingle() * 2f - 1f;

        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [1, size, size, 3]);
        using var outA = a.Run(new RunOptions(), [a.InputNames[0]], [tensor], a.OutputNames);
        using var outB = b.Run(new RunOptions(), [b.InputNames[0]], [tensor], b.OutputNames);

        for (var o = 0; o < outA.Count; o++)
        {
            var x = outA[o].GetTensorDataAsSpan<float>();
            var y = outB[o].GetTensorDataAsSpan<float>();
            Assert.Equal(x.Length, y.Length);
            var worst = 0f;
            for (var i = 0; i < x.Length; i++) worst = MathF.Max(worst, MathF.Abs(x[i] - y[i]));
            Assert.True(worst <= 1e-4f, $"output {a.OutputNames[o]} differs by up to {worst}");
        }
    }

    private static void AssertSame(Detection[] expected, Detection[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Score, actual[i].Score, 3);
            Assert.True(expected[i].Box.IoU(actual[i].Box) > 0.995f, $"{expected[i].Box} vs {actual[i].Box}");
            for (var k = 0; k < expected[i].KeypointCount; k++)
                Assert.True(expected[i].Keypoints[k].DistanceTo(actual[i].Keypoints[k]) < 0.5f);
        }
    }

    private static VideoFrame Paste(VideoFrame photo, int width, int height, int left, int top)
    {
        var frame = TestImages.Solid(width, height, 30, 30, 30);
        for (var y = 0; y < photo.Height && top + y < height; y++)
        {
            var source = photo.Row(y);
            var length = Math.Min(source.Length, (width - left) * 3);
            source[..length].CopyTo(frame.Row(top + y).Slice(left * 3));
        }
        return frame;
    }
}
