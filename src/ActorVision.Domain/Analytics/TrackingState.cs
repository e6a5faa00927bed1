using ActorVision.Core.Imaging;
using ActorVision.Core.Rules;
using ActorVision.Core.Tracking;

namespace ActorVision.Domain.Analytics;

/// <summary>What a camera's or job's analysis carries from frame to frame (and a job checkpoints): tracker, rule states and the last image statistics.</summary>
public sealed record TrackingState(TrackerState Tracker, RuleEngineState Rules, FrameSamplerState? Statistics);
