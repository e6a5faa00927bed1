using System.Globalization;

namespace ActorVision.Inference.Models;

/// <summary>Kinds of ONNX Runtime execution provider the host knows how to configure.</summary>
public enum ExecutionProviderKind
{
    Cpu,
    Cuda,
    TensorRt,
}

/// <summary>An execution provider on one device, written <c>cpu</c>, <c>cuda:&lt;id&gt;</c> or <c>tensorrt:&lt;id&gt;</c>.</summary>
public readonly record struct ExecutionProvider(ExecutionProviderKind Kind, int DeviceId)
{
    public static ExecutionProvider Cpu { get; } = new(ExecutionProviderKind.Cpu, 0);

    public static ExecutionProvider Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().ToLowerInvariant();
        if (trimmed == "cpu") return Cpu;
        var colon = trimmed.IndexOf(':');
        var name = colon < 0 ? trimmed : trimmed[..colon];
        var id = 0;
        if (colon >= 0 && !int.TryParse(trimmed.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out id))
            throw new FormatException($"execution provider '{text}': the device id after ':' must be a non-negative integer");
        return name switch
        {
            "cuda" => new ExecutionProvider(ExecutionProviderKind.Cuda, id),
            "tensorrt" => new ExecutionProvider(ExecutionProviderKind.TensorRt, id),
            _ => throw new FormatException($"execution provider '{text}' is not one of cpu, cuda:<id>, tensorrt:<id>"),
        };
    }

    public bool IsGpu => Kind != ExecutionProviderKind.Cpu;

    public override string ToString() => Kind switch
    {
        ExecutionProviderKind.Cpu => "cpu",
        ExecutionProviderKind.Cuda => $"cuda:{DeviceId}",
        _ => $"tensorrt:{DeviceId}",
    };
}
