namespace ActorVision.Cli.Output;

/// <summary>--output: tables for people, protobuf JSON for scripts.</summary>
public enum OutputFormat
{
    Table,
    Json,
}
