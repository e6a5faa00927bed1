using ActorVision.Cluster.Cameras;
using ActorVision.Cluster.Devices;
using ActorVision.Inference.Models;
using ActorVision.Tests;
using Akka.Configuration;

namespace ActorVision.Cluster.Tests.Devices;

public sealed class ConfigurationTests
{
    private static Config ShippedModels => RouterFixture.ShippedModelsConfig;

    [Fact]
    public void The_shipped_models_conf_declares_both_blazeface_models_and_motion()
    {
        var catalog = ModelCatalog.FromConfig(ShippedModels, TestAssets.RepoRoot);

        Assert.Equal(["coco", "face-back", "face-front", "people-vehicles"], catalog.Models.Keys.Order());
        var front = catalog.Models["face-front"];
        Assert.Equal(DetectorKind.BlazeFace, front.Kind);
        Assert.Equal(Path.Combine(TestAssets.RepoRoot, "models/blazeface/face_detection_front_128x128_dynamic.onnx"), front.FilePath);
        Assert.True(File.Exists(front.FilePath));
        Assert.Equal((128, 128, TensorLayout.Nhwc), (front.InputWidth, front.InputHeight, front.Layout));
        Assert.Equal(PixelNormalization.Range(-1f, 1f), front.Normalization);
        Assert.Equal(["face"], front.ClassNames);
        Assert.Equal([ExecutionProvider.Cpu], front.ExecutionProviders);
        Assert.Equal(8, front.MaxBatch); // from model-defaults
        Assert.Equal(256, catalog.Models["face-back"].InputWidth);
        Assert.Equal(160, catalog.MotionDetectors["motion"].ProcessingWidth);
    }

    [Fact]
    public void The_shipped_coco_entries_read_the_labels_file_stretch_frames_and_share_the_model()
    {
        var catalog = ModelCatalog.FromConfig(ShippedModels, TestAssets.RepoRoot);

        var coco = catalog.Models["coco"];
        Assert.Equal(DetectorKind.Ssd, coco.Kind);
        Assert.True(File.Exists(coco.FilePath), coco.FilePath);
        Assert.Equal((300, 300, TensorLayout.Nhwc, ResizeMode.Stretch), (coco.InputWidth, coco.InputHeight, coco.Layout, coco.Resize));
        Assert.Equal(new PixelNormalization([128f, 128f, 128f], [128f, 128f, 128f]), coco.Normalization);
        Assert.Equal(Path.Combine(TestAssets.RepoRoot, "models/ssd-coco/coco_labels.txt"), coco.LabelsFile);
        Assert.Equal(80, coco.ClassNames.Count(n => n.Length > 0));
        Assert.Equal(new SsdOptions(), coco.Ssd);
        Assert.Null(coco.IncludeClasses);

        var subset = catalog.Models["people-vehicles"];
        Assert.Equal(coco.FilePath, subset.FilePath);
        Assert.Equal(["person", "bicycle", "car", "motorcycle", "bus", "truck"], subset.IncludeClasses!);
        Assert.Equal(0.4f, subset.ClassScoreThresholds["person"]);
        Assert.Equal(0.5f, subset.ScoreThreshold);

        // What rules may name: every COCO class for one, the six for the other (and no unnamed id gaps).
        var classes = catalog.ClassNamesByModel();
        Assert.Equal(80, classes["coco"].Count);
        Assert.Contains("traffic light", classes["coco"]);
        Assert.Equal(6, classes["people-vehicles"].Count);
    }

    [Fact]
    public void A_missing_labels_file_leaves_the_model_without_names_and_its_session_refuses_to_open_saying_why()
    {
        var config = ConfigurationFactory.ParseString("""
            actorvision.inference.models.elsewhere {
              adapter = ssd
              file = "models/none.onnx"
              labels-file = "models/none/labels.txt"
              class-score-thresholds { "traffic light" = 0.6 }
            }
            """).WithFallback(ShippedModels);

        var spec = ModelCatalog.FromConfig(config, "/srv/nothing").Models["elsewhere"];

        Assert.Empty(spec.ClassNames);
        Assert.Equal("/srv/nothing/models/none/labels.txt", spec.LabelsFile);
        Assert.Equal(0.6f, spec.ClassScoreThresholds["traffic light"]);
        var error = Assert.Throws<FileNotFoundException>(() => Inference.Detectors.DetectorFactory.Create(spec));
        Assert.Contains("labels file /srv/nothing/models/none/labels.txt does not exist", error.Message);
    }

    [Fact]
    public void Classes_and_a_labels_file_together_and_an_unknown_resize_mode_are_reported()
    {
        var config = ConfigurationFactory.ParseString("""
            actorvision.inference.models {
              both { adapter = ssd, file = "a.onnx", classes = [a], labels-file = "l.txt" }
              squash { adapter = ssd, file = "a.onnx", input.resize = squash }
            }
            """).WithFallback(ShippedModels);

        var error = Assert.Throws<ConfigurationException>(() => ModelCatalog.FromConfig(config, "/"));

        Assert.Contains("model 'both': set either classes or labels-file", error.Message);
        Assert.Contains("model 'squash': input.resize 'squash' is not letterbox or stretch", error.Message);
    }

    [Fact]
    public void A_model_entry_overrides_defaults_and_mean_std_wins_over_the_default_range()
    {
        var config = ConfigurationFactory.ParseString("""
            actorvision.inference.models.people {
              adapter = yolov8
              file = "/models/yolo11n.onnx"
              normalization { mean = [123.675, 116.28, 103.53], std = [58.395, 57.12, 57.375] }
              classes = [person, bicycle]
              include-classes = [person]
              execution-providers = ["cuda:1", cpu]
              allow-cpu-fallback = off
              tensorrt { engine-cache = "trt-cache", fp16 = on }
            }
            """).WithFallback(ShippedModels);

        var people = ModelCatalog.FromConfig(config, "/srv/actorvision").Models["people"];

        Assert.Equal(DetectorKind.YoloV8, people.Kind);
        Assert.Equal((640, 640, TensorLayout.Nchw), (people.InputWidth, people.InputHeight, people.Layout));
        Assert.Equal(new PixelNormalization([123.675f, 116.28f, 103.53f], [58.395f, 57.12f, 57.375f]), people.Normalization);
        Assert.Equal(["person"], people.IncludeClasses!);
        Assert.Equal([ExecutionProvider.Parse("cuda:1"), ExecutionProvider.Cpu], people.ExecutionProviders);
        Assert.False(people.AllowCpuFallback);
        Assert.Equal(new TensorRtOptions("/srv/actorvision/trt-cache", true), people.TensorRt);
    }

    [Fact]
    public void Bad_entries_are_all_reported_by_name()
    {
        var config = ConfigurationFactory.ParseString("""
            actorvision.inference.models {
              a { adapter = yolov9, file = "a.onnx" }
              b { adapter = ssd, file = "b.onnx", score-threshold = 3 }
              c { adapter = motion, threshold = 0 }
            }
            """).WithFallback(ShippedModels);

        var error = Assert.Throws<ConfigurationException>(() => ModelCatalog.FromConfig(config, "/"));

        Assert.Contains("model 'a': adapter 'yolov9'", error.Message);
        Assert.Contains("model 'b'", error.Message);
        Assert.Contains("score-threshold", error.Message);
        Assert.Contains("model 'c': motion threshold", error.Message);
    }

    [Fact]
    public void Inference_settings_come_from_the_shipped_defaults_and_can_be_overridden()
    {
        var defaults = InferenceSettings.FromConfig(Config.Empty);
        Assert.Equal([ExecutionProvider.Cpu], defaults.Devices);
        Assert.Equal((8, TimeSpan.Zero, 32, 2), (defaults.MaxBatch, defaults.MaxDelay, defaults.QueueCapacity, defaults.WorkersPerModel));

        var custom = InferenceSettings.FromConfig(ConfigurationFactory.ParseString("""
            actorvision.inference { devices = ["cuda:0", "cuda:1"], router { max-batch = 16, max-delay = 5ms, workers = 1 } }
            """));
        Assert.Equal([ExecutionProvider.Parse("cuda:0"), ExecutionProvider.Parse("cuda:1")], custom.Devices);
        Assert.Equal((16, TimeSpan.FromMilliseconds(5), 1), (custom.MaxBatch, custom.MaxDelay, custom.WorkersPerModel));
        Assert.Equal(32, custom.QueueCapacity);

        Assert.Throws<ConfigurationException>(() => InferenceSettings.FromConfig(ConfigurationFactory.ParseString("actorvision.inference.router.workers = 0")));
    }

    [Fact]
    public void The_slow_test_model_entry_parses_and_its_model_loads()
    {
        var path = TestModels.Slow(inputSize: 32, width: 64, depth: 2);
        var config = ConfigurationFactory.ParseString("actorvision.inference.models {\n" + TestModels.SlowModelHocon("slow", path, 32) + "\n}");

        var slow = ModelCatalog.FromConfig(config.WithFallback(ShippedModels), "/").Models["slow"];

        using var detector = Inference.Detectors.DetectorFactory.Create(slow);
        using var frame = TestImages.Solid(40, 30, 128, 128, 128);
        var batch = new Inference.Detectors.DetectionBatch();
        detector.Detect([frame, frame], batch);
        Assert.Equal(2, batch.Count);
        Assert.Empty(batch.ToArray(0));
    }
}
