using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace ActorVision.Tests;

/// <summary>
/// Real ONNX models the tests build at run time with tests/Shared/onnx_test_models.py (Debian's python3-onnx),
/// cached by content in a temp folder: fixed-output models for the adapter tests, and a deliberately slow model
/// for latency tests. Depends on nothing but the BCL so every test project can use it.
/// </summary>
public static class TestModels
{
    private static readonly Lock Gate = new();

    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), "actorvision-test-models");

    public static string Script => Path.Combine(TestAssets.RepoRoot, "tests", "Shared", "onnx_test_models.py");

    /// <summary>
    /// A model whose outputs are fixed values repeated for each image of the batch. <paramref name="specJson"/> is the
    /// "constant" spec of onnx_test_models.py (input name and shape, outputs, optional nan_when_dark).
    /// </summary>
    public static string Constant(string specJson)
    {
        var path = CachedPath("constant", specJson);
        lock (Gate)
        {
            if (File.Exists(path)) return path;
            var spec = path + ".json";
            File.WriteAllText(spec, specJson);
            Build(path, "constant", spec);
            return path;
        }
    }

    /// <summary>
    /// A deliberately slow model in YOLO v8 format that never detects anything: per image, <paramref name="depth"/>
    /// MatMuls of 64 x <paramref name="width"/> by <paramref name="width"/> x <paramref name="width"/>.
    /// Input NCHW [N, 3, inputSize, inputSize]; output [N, 4 + classes, 1] of zeros. Depth 0 is a near-trivial model.
    /// </summary>
    public static string Slow(int inputSize = 64, int width = 256, int depth = 8, int classes = 1)
    {
        var key = FormattableString.Invariant($"{inputSize} {width} {depth} {classes}");
        var path = CachedPath("slow", key);
        lock (Gate)
        {
            if (File.Exists(path)) return path;
            Build(path, "slow", FormattableString.Invariant($"{inputSize}"), FormattableString.Invariant($"{width}"),
                FormattableString.Invariant($"{depth}"), FormattableString.Invariant($"{classes}"));
            return path;
        }
    }

    /// <summary>The HOCON model entry for <see cref="Slow"/> (inside <c>actorvision.inference.models</c>).</summary>
    public static string SlowModelHocon(string name, string path, int inputSize = 64, int maxBatch = 8) => $$"""
        {{name}} {
          adapter = yolov8
          file = "{{path}}"
          input { width = {{inputSize}}, height = {{inputSize}}, layout = nchw, channel-order = rgb }
          normalization { range = [0, 1] }
          score-threshold = 0.5
          classes = [nothing]
          max-batch = {{maxBatch}}
        }
        """;

    private static string CachedPath(string kind, string key)
    {
        Directory.CreateDirectory(Folder);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + key + "\n" + File.ReadAllText(Script))))[..16];
        return Path.Combine(Folder, $"{kind}-{hash.ToLowerInvariant()}.onnx");
    }

    private static void Build(string path, string kind, params string[] args)
    {
        var temp = path + "." + Environment.ProcessId + ".tmp";
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(kind);
        if (kind == "constant")
        {
            start.ArgumentList.Add(args[0]);
            start.ArgumentList.Add(temp);
        }
        else
        {
            start.ArgumentList.Add(temp);
            foreach (var a in args) start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"onnx_test_models.py {kind} failed ({process.ExitCode}): {stderr.Result} (needs Debian python3-onnx: scripts/setup.sh test)");
        File.Move(temp, path, overwrite: true);
    }
}
