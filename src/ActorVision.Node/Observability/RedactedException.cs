using ActorVision.Common;
namespace ActorVision.Node.Observability;

/// <summary>
/// An exception as a log line shows it: the original's type, message and stack trace with credentials in URLs
/// removed (FFmpeg and driver messages often quote the URL they failed on).
/// </summary>
public sealed class RedactedException(Exception original)
    : Exception(UrlRedaction.RedactInText(original.Message), original.InnerException is { } inner ? new RedactedException(inner) : null)
{
    public Type OriginalType { get; } = original.GetType();

    public override string? StackTrace { get; } = original.StackTrace;

    public override string ToString() => UrlRedaction.RedactInText(original.ToString());
}
