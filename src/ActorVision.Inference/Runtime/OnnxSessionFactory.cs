using ActorVision.Inference.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace ActorVision.Inference.Runtime;

/// <summary>
/// Opens ONNX Runtime sessions with the execution providers a <see cref="ModelSpec"/> asks for, in its
/// preference order. A provider that cannot load is either an error that says what is missing, or (when
/// the spec allows it) a logged fall back to the next provider and finally the CPU.
/// </summary>
public static class OnnxSessionFactory
{
    private const string CudaProviderName = "CUDAExecutionProvider";
    private const string TensorRtProviderName = "TensorrtExecutionProvider";

    /// <summary>The providers compiled into the loaded ONNX Runtime library (the CPU package has only the CPU one).</summary>
    public static IReadOnlyList<string> AvailableProviders { get; } = OrtEnv.Instance().GetAvailableProviders();

    /// <summary>Creates a session; the caller owns and disposes it. <see cref="OnnxSession.Provider"/> tells which provider won.</summary>
    public static OnnxSession Create(ModelSpec spec, ILogger? logger = null)
    {
        spec.Validate();
        logger ??= NullLogger.Instance;
        if (!File.Exists(spec.FilePath))
            throw new FileNotFoundException($"model '{spec.Name}': file {Path.GetFullPath(spec.FilePath)} does not exist", spec.FilePath);

        foreach (var provider in spec.ExecutionProviders)
        {
            var options = BaseOptions(spec);
            try
            {
                Append(options, provider, spec);
                var session = new InferenceSession(spec.FilePath, options);
                return new OnnxSession(session, options, provider);
            }
            catch (Exception ex) when (provider.IsGpu)
            {
                options.Dispose();
                var failure = ex as ExecutionProviderUnavailableException
                              ?? new ExecutionProviderUnavailableException(spec.Name, provider, DescribeLoadFailure(provider, ex), ex);
                if (!spec.AllowCpuFallback) throw failure;
                logger.LogWarning("Model {Model}: {Reason}; falling back to the next provider (allow-cpu-fallback = on)", spec.Name, failure.Message);
            }
            catch
            {
                options.Dispose();
                throw;
            }
        }

        // Every listed provider failed and fallback is allowed: the CPU always works.
        var cpuOptions = BaseOptions(spec);
        try
        {
            var cpuSession = new InferenceSession(spec.FilePath, cpuOptions);
            logger.LogWarning("Model {Model}: running on the CPU because no configured execution provider could load", spec.Name);
            return new OnnxSession(cpuSession, cpuOptions, ExecutionProvider.Cpu);
        }
        catch
        {
            cpuOptions.Dispose();
            throw;
        }
    }

    private static SessionOptions BaseOptions(ModelSpec spec) => new()
    {
        IntraOpNumThreads = spec.IntraOpThreads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        LogId = spec.Name,
        // ONNX Runtime warns on stderr about harmless graph clean-ups (unused initialisers in exported models).
        LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
    };

    private static void Append(SessionOptions options, ExecutionProvider provider, ModelSpec spec)
    {
        switch (provider.Kind)
        {
            case ExecutionProviderKind.Cpu:
                return;
            case ExecutionProviderKind.Cuda:
                RequireInBuild(spec, provider, CudaProviderName);
                options.AppendExecutionProvider_CUDA(provider.DeviceId);
                return;
            case ExecutionProviderKind.TensorRt:
                RequireInBuild(spec, provider, TensorRtProviderName);
                using (var trt = new OrtTensorRTProviderOptions())
                {
                    var settings = new Dictionary<string, string>
                    {
                        ["device_id"] = provider.DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["trt_fp16_enable"] = spec.TensorRt.Fp16 ? "1" : "0",
                    };
                    if (spec.TensorRt.EngineCacheDirectory is { Length: > 0 } cache)
                    {
                        Directory.CreateDirectory(cache);
                        settings["trt_engine_cache_enable"] = "1";
                        settings["trt_engine_cache_path"] = cache;
                    }
                    trt.UpdateOptions(settings);
                    options.AppendExecutionProvider_Tensorrt(trt);
                }
                // Nodes TensorRT does not take run on CUDA rather than the CPU.
                options.AppendExecutionProvider_CUDA(provider.DeviceId);
                return;
        }
    }

    private static void RequireInBuild(ModelSpec spec, ExecutionProvider provider, string ortName)
    {
        if (AvailableProviders.Contains(ortName)) return;
        throw new ExecutionProviderUnavailableException(spec.Name, provider,
            $"the {ortName} is not in this build of ONNX Runtime (it has {string.Join(", ", AvailableProviders)}); " +
            "this is the CPU build: build with -p:OnnxRuntimeFlavor=gpu to get the GPU package");
    }

    private static string DescribeLoadFailure(ExecutionProvider provider, Exception ex)
    {
        // ONNX Runtime names the shared library that failed to load (libcudart, libcudnn, libnvinfer...) in its message.
        var kind = provider.Kind == ExecutionProviderKind.TensorRt ? "TensorRT/CUDA" : "CUDA";
        return $"the {kind} libraries could not be loaded: {ex.Message.Trim()}";
    }
}
