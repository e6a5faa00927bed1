using ActorVision.Inference.Detectors;
using ActorVision.Inference.Models;
using ActorVision.Inference.Runtime;
using ActorVision.Tests;
using Microsoft.Extensions.Logging;

namespace ActorVision.Inference.Tests;

public sealed class SessionTests
{
    [Theory]
    [InlineData("cuda:0", "CUDAExecutionProvider")]
    [InlineData("tensorrt:0", "TensorrtExecutionProvider")]
    public void A_gpu_provider_in_the_cpu_build_fails_naming_what_is_missing(string provider, string missing)
    {
        Assert.DoesNotContain(missing, OnnxSessionFactory.AvailableProviders); // this suite runs on the CPU build
        var spec = Specs.FrontDynamic with { ExecutionProviders = [ExecutionProvider.Parse(provider)], AllowCpuFallback = false };

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => OnnxSessionFactory.Create(spec));

        Assert.Equal(ExecutionProvider.Parse(provider), error.Provider);
        Assert.Contains(missing, error.Message);
        Assert.Contains("-p:OnnxRuntimeFlavor=gpu", error.Message);
    }

    [Fact]
    public void Cpu_fallback_when_allowed_is_logged_and_the_model_still_detects()
    {
        var logger = new RecordingLogger();
        var spec = Specs.FrontDynamic with { ExecutionProviders = [ExecutionProvider.Parse("cuda:1")], AllowCpuFallback = true };

        using var detector = new BlazeFaceDetector(spec, logger);
        using var photo = TestImages.Decode(TestAssets.Astronaut);
        var batch = new DetectionBatch();
        detector.Detect([photo], batch);

        Assert.Equal(ExecutionProvider.Cpu, detector.Provider);
        Assert.Single(batch.ToArray(0));
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("cuda:1"));
        Assert.Contains("falling back", warning.Message);
    }

    [Fact]
    public void Provider_names_parse_and_bad_ones_are_refused()
    {
        Assert.Equal(new ExecutionProvider(ExecutionProviderKind.Cuda, 3), ExecutionProvider.Parse("CUDA:3"));
        Assert.Equal("tensorrt:1", ExecutionProvider.Parse("tensorrt:1").ToString());
        Assert.Equal(ExecutionProvider.Cpu, ExecutionProvider.Parse(" cpu "));
        Assert.Throws<FormatException>(() => ExecutionProvider.Parse("rocm:0"));
        Assert.Throws<FormatException>(() => ExecutionProvider.Parse("cuda:x"));
    }

    [Fact]
    public void A_missing_model_file_is_named()
    {
        var error = Assert.Throws<FileNotFoundException>(() => OnnxSessionFactory.Create(Specs.FrontDynamic with { FilePath = "/nowhere/face.onnx" }));
        Assert.Contains("/nowhere/face.onnx", error.Message);
    }

    [Fact]
    public void An_input_size_that_disagrees_with_the_model_is_refused_at_load()
    {
        var error = Assert.Throws<ArgumentException>(() => new BlazeFaceDetector(Specs.FrontDynamic with { InputWidth = 256, InputHeight = 256 }));
        Assert.Contains("does not match", error.Message);
    }

    [Fact]
    public void Nan_output_fails_that_call_with_a_clear_error_and_the_detector_keeps_working()
    {
        // Outputs become NaN when the image's mean (after [0,1] normalisation) is below 0.5.
        var model = TestModels.Constant("""
            {"input": {"name": "images", "shape": [3, 64, 64]}, "nan_when_dark": true,
             "outputs": [{"name": "output0", "shape": [1, 6], "values": [32, 32, 16, 16, 0.9, 0.9]}]}
            """);
        using var detector = new YoloV5Detector(Specs.Constant(model, DetectorKind.YoloV5, "thing"));
        using var dark = TestImages.Solid(64, 64, 0, 0, 0);
        using var bright = TestImages.Solid(64, 64, 255, 255, 255);
        var batch = new DetectionBatch();

        var error = Assert.Throws<ModelOutputException>(() => detector.Detect([bright, dark], batch));
        Assert.Contains("non-finite", error.Message);
        Assert.Contains("image 1", error.Message);

        detector.Detect([bright], batch);
        Assert.Single(batch.ToArray(0));
    }

    [Fact]
    public void Spec_validation_lists_every_problem()
    {
        var error = Assert.Throws<ArgumentException>(() => (Specs.FrontDynamic with { ScoreThreshold = 2f, MaxBatch = 0, IncludeClasses = ["cat"] }).Validate());
        Assert.Contains("score-threshold", error.Message);
        Assert.Contains("max-batch", error.Message);
        Assert.Contains("'cat'", error.Message);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
