namespace ActorVision.Cli.Errors;

/// <summary>A command ran but did not succeed (a job failed, for example): the message is the one-line reason.</summary>
public sealed class CommandFailedException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
