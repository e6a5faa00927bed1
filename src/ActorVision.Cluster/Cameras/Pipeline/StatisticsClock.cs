using System.Diagnostics;
using ActorVision.Domain.Cameras;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>Turns the counters' running totals into rates between two status reports.</summary>
public struct StatisticsClock
{
    private long _ticks;
    private long _framesIn;
    private long _framesAnalysed;
    private long _framesEncoded;

    public static StatisticsClock Start(PipelineCounters counters) => new()
    {
        _ticks = Stopwatch.GetTimestamp(),
        _framesIn = counters.FramesIn,
        _framesAnalysed = counters.FramesAnalysed,
        _framesEncoded = counters.FramesEncoded,
    };

    public PipelineStatistics Sample(PipelineCounters counters)
    {
        var now = Stopwatch.GetTimestamp();
        var seconds = Math.Max(1e-3, Stopwatch.GetElapsedTime(_ticks, now).TotalSeconds);
        var (framesIn, analysed, encoded) = (counters.FramesIn, counters.FramesAnalysed, counters.FramesEncoded);
        var latency = counters.Latency.Percentiles(50, 95);
        var statistics = new PipelineStatistics(
            (framesIn - _framesIn) / seconds,
            (analysed - _framesAnalysed) / seconds,
            (encoded - _framesEncoded) / seconds,
            framesIn, analysed, encoded, counters.FramesDropped, counters.Reconnects,
            latency[0], latency[1])
        {
            SnapshotsSkipped = counters.SnapshotsSkipped,
            RecordingFramesSkipped = counters.RecordingFramesSkipped,
        };
        (_ticks, _framesIn, _framesAnalysed, _framesEncoded) = (now, framesIn, analysed, encoded);
        return statistics;
    }
}
