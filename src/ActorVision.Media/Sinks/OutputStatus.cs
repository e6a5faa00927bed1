namespace ActorVision.Media.Sinks;

/// <summary>A snapshot of one output of a <see cref="FrameSink"/>.</summary>
public sealed record OutputStatus(string Name, OutputState State, long PacketsWritten, long Failures, string? LastError, MediaErrorKind? LastErrorKind);
