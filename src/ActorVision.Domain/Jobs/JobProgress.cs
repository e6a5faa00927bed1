namespace ActorVision.Domain.Jobs;

/// <summary>How far a job got. Frames are counted in decode order over the whole input, across attempts.</summary>
/// <param name="FramesDone">Frames decoded so far (the position in the video).</param>
/// <param name="FramesTotal">The container's frame count or estimate; 0 when unknown.</param>
/// <param name="FramesAnalysed">Frames that went through the models, tracker and rules.</param>
/// <param name="FramesUndecodable">Damaged pictures and packets the decoder could not use.</param>
/// <param name="AnalysisFps">Frames analysed per second of wall time, recently; 0 while not running.</param>
public sealed record JobProgress(long FramesDone, long FramesTotal, long FramesAnalysed, long FramesUndecodable, double AnalysisFps)
{
    public static JobProgress None { get; } = new(0, 0, 0, 0, 0);

    public double Percent => FramesTotal > 0 ? Math.Min(100, 100.0 * FramesDone / FramesTotal) : 0;

    /// <summary>Seconds left at the current rate; null when it cannot be told.</summary>
    public double? EtaSeconds(double framesPerSecondDecoded) =>
        FramesTotal > 0 && framesPerSecondDecoded > 0 ? Math.Max(0, (FramesTotal - FramesDone) / framesPerSecondDecoded) : null;
}
