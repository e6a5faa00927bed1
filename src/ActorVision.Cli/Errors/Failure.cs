namespace ActorVision.Cli.Errors;

/// <summary>How a command ended when it did not succeed: the exit code and the one-line reason for stderr.</summary>
public sealed record Failure(int ExitCode, string Reason);
