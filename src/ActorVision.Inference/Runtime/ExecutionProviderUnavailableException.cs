using ActorVision.Inference.Models;

namespace ActorVision.Inference.Runtime;

/// <summary>A configured execution provider could not be used and the model does not allow falling back to CPU.</summary>
public sealed class ExecutionProviderUnavailableException : Exception
{
    public ExecutionProviderUnavailableException(string model, ExecutionProvider provider, string reason, Exception? inner = null)
        : base($"model '{model}': execution provider {provider} is unavailable: {reason}", inner)
    {
        Model = model;
        Provider = provider;
        Reason = reason;
    }

    public string Model { get; }
    public ExecutionProvider Provider { get; }
    /// <summary>What is missing, in words an operator can act on.</summary>
    public string Reason { get; }
}
