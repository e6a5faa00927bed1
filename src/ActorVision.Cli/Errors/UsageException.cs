namespace ActorVision.Cli.Errors;

/// <summary>The command line or an input file is wrong; nothing was sent to the node. Exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
