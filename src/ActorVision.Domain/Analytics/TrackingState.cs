using ActorVision.Core.Imaging;
using ActorVision.Core.Rules;
using ActorVision.Core.Tracking;

namespace ActorVision.Domain.Analytics;

/// <summary>What <see cref="FrameAnalyser.Track"/> carries from frame to frame: tracker, rule states and the last image statistics.</summary>
public sealed record TrackingState(TrackerState Tracker, RuleEngineState Rules, FrameSamplerState? Statistics);
