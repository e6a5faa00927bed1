using ActorVision.Inference.Models;
using Microsoft.ML.OnnxRuntime;

namespace ActorVision.Inference.Runtime;

/// <summary>
/// An ONNX Runtime session with the options it was made with (they must outlive it) and the provider it runs on.
/// ONNX Runtime allows concurrent Run calls on one session, but the detectors reuse input and output buffers,
/// so each detector owns its session and is used by one thread at a time.
/// </summary>
public sealed class OnnxSession : IDisposable
{
    private readonly SessionOptions _options;

    internal OnnxSession(InferenceSession session, SessionOptions options, ExecutionProvider provider)
    {
        Session = session;
        _options = options;
        Provider = provider;
    }

    public InferenceSession Session { get; }
    public ExecutionProvider Provider { get; }

    public void Dispose()
    {
        Session.Dispose();
        _options.Dispose();
    }
}
