namespace ActorVision.Media.Sinks;

/// <summary>Where a <see cref="FrameSink"/> sends its encoded stream.</summary>
public abstract record SinkOutput
{
    /// <summary>Name in logs and status (URL credentials redacted).</summary>
    public abstract string Name { get; }

    /// <summary>Network outputs reconnect after a failure; a file output that failed stays failed (reopening would overwrite it).</summary>
    internal abstract bool Reconnects { get; }

    internal abstract string Target { get; }
    internal abstract string Format { get; }
    internal abstract string MuxerOptions { get; }
    internal virtual void Prepare() { }
}
