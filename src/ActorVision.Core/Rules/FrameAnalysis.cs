using ActorVision.Core.Imaging;

namespace ActorVision.Core.Rules;

/// <summary>
/// What the rule engine needs to know about one analysed frame besides its tracks: its size (to normalise
/// track boxes), its times, and, for camera-health rules, its image statistics.
/// </summary>
/// <param name="Width">Width in pixels of the frame the track boxes are measured in.</param>
/// <param name="Height">Height in pixels of the frame the track boxes are measured in.</param>
/// <param name="StreamTime">Monotonic stream time; rules measure durations with it.</param>
/// <param name="WallTime">Wall-clock capture time (UTC) that events carry.</param>
/// <param name="Statistics">Image statistics; camera-health image checks skip frames without them.</param>
public readonly record struct FrameAnalysis(int Width, int Height, TimeSpan StreamTime, DateTime WallTime, FrameStatistics? Statistics = null);
