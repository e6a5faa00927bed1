namespace ActorVision.Tests;

/// <summary>Paths to the model and sample media that scripts/setup.sh fetches or generates.</summary>
public static class TestAssets
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Models => Path.Combine(RepoRoot, "models");
    public static string Media => Path.Combine(RepoRoot, "media");

    public static string BlazeFaceOriginal => Require(Path.Combine(Models, "blazeface", "face_detection_front_128x128.onnx"));
    public static string BlazeFaceDynamic => Require(Path.Combine(Models, "blazeface", "face_detection_front_128x128_dynamic.onnx"));
    public static string BlazeFaceBackOriginal => Require(Path.Combine(Models, "blazeface", "face_detection_back_256x256.onnx"));
    public static string BlazeFaceBackDynamic => Require(Path.Combine(Models, "blazeface", "face_detection_back_256x256_dynamic.onnx"));

    /// <summary>Google Coral's SSD MobileNet V2 COCO detector as shipped (uint8 TFLite), and our ONNX conversions of it.</summary>
    public static string CocoTflite => Require(Path.Combine(Models, "ssd-coco", "mobilenet_ssd_v2_coco_quant_postprocess.tflite"));
    public static string CocoQdq => Require(Path.Combine(Models, "ssd-coco", "ssd_mobilenet_v2_coco_qdq.onnx"));
    public static string CocoFloat => Require(Path.Combine(Models, "ssd-coco", "ssd_mobilenet_v2_coco_float.onnx"));
    /// <summary>The COCO labels file shipped with the model: "id  name" per line, ids 0-89 with gaps (80 classes).</summary>
    public static string CocoLabels => Require(Path.Combine(Models, "ssd-coco", "coco_labels.txt"));
    /// <summary>Node script that runs a TFLite SSD with LiteRT and writes its raw outputs (tests/tflite-reference).</summary>
    public static string TfliteReferenceScript => Require(Path.Combine(RepoRoot, "tests", "tflite-reference", "ssd-raw-outputs.mjs"));

    /// <summary>OpenCV's pedestrian sample as H.264 MP4: 768x576, 10 fps, 795 frames.</summary>
    public static string Pedestrians => Require(Path.Combine(Media, "pedestrians.mp4"));
    /// <summary>The pedestrian sample cropped to 16:9 and scaled to 640x360 at 25 fps (a camera-like stream of people), 79.5 s.</summary>
    public static string Pedestrians360p => Require(Path.Combine(Media, "pedestrians-360p.mp4"));
    /// <summary>OpenCV's Megamind sample as H.264 MP4: 720x528, 23.976 fps, 271 frames, faces.</summary>
    public static string Faces => Require(Path.Combine(Media, "faces.mp4"));
    /// <summary>testsrc2 pattern, 640x360, 25 fps, 10 s (250 frames).</summary>
    public static string TestSource360p => Require(Path.Combine(Media, "testsrc-360p.mp4"));
    /// <summary>testsrc2 pattern, 1920x1080, 25 fps, 20 s (500 frames).</summary>
    public static string TestSource1080p => Require(Path.Combine(Media, "testsrc-1080p.mp4"));
    /// <summary>640x360, 25 fps, 30 s: a white 48x96 box crosses left to right every 5 s (x = 150 t - 80 per pass) over dark grey.</summary>
    public static string ScriptedCrossing => Require(Path.Combine(Media, "scripted-crossing.mp4"));
    /// <summary>The public-domain astronaut photograph (512x512) from scikit-image, one face.</summary>
    public static string Astronaut => Require(Path.Combine(Media, "astronaut.png"));

    public static string RtspTestServerScript => Require(Path.Combine(RepoRoot, "deploy", "rtsp-test-server", "rtsp_test_server.py"));

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"Test asset missing: {path}. Run scripts/setup.sh test (or ./run.sh test) first.", path);

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ActorVision.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ActorVision.sln not found above " + AppContext.BaseDirectory);
    }
}
